import type { DatabaseTarget } from './database-url';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * `sandbox`: no Dollr credentials were given; the connector talks to its built-in Dollr sandbox and
 * no real money moves. `live`: the real Dollr API at DOLLR_BASE_URL with the given credentials.
 */
export type DollrMode = 'sandbox' | 'live';

/** The connector's configuration, validated at boot. Injected by class token. */
export class AppConfig {
  constructor(values: AppConfig) {
    Object.assign(this, values);
  }

  readonly databaseUrl!: string;
  readonly database!: DatabaseTarget;
  readonly host!: string;
  readonly port!: number;
  readonly logLevel!: LogLevel;
  readonly dataDir!: string;
  readonly dollr!: {
    readonly mode: DollrMode;
    readonly baseUrl: string;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly payoutPasscode: string | undefined;
    readonly payoutPhone: string | undefined;
    readonly rateLimitRps: number;
    readonly maxConcurrency: number;
    readonly timeoutMs: number;
  };
  readonly batches!: {
    /** Totals (decimal strings) above which a batch needs two approvers, by currency. */
    readonly twoPersonThresholds: ReadonlyMap<string, string>;
    readonly approvalExpiryDays: number;
  };
  readonly reports!: {
    /** Where the nightly job writes the daily report. */
    readonly dir: string;
    readonly journalAccounts: JournalAccounts;
  };
}

/** Account codes of the accounting journal. */
export interface JournalAccounts {
  readonly payrollPayable: string;
  readonly suppliersPayable: string;
  readonly receivables: string;
  readonly dollrWallet: string;
  readonly fees: string;
}
