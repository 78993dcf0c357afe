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
  /** On SIGTERM, how long in-flight work may take before the process exits anyway. */
  readonly shutdownGraceMs!: number;
  readonly dataDir!: string;
  readonly dollr!: {
    readonly mode: DollrMode;
    readonly baseUrl: string;
    readonly clientId: string | undefined;
    readonly clientSecret: string | undefined;
    readonly payoutPasscode: string | undefined;
    readonly payoutPhone: string | undefined;
    /** The merchant's limit, shared by every process on the database (or on `redisUrl`). */
    readonly rateLimitRps: number;
    /** Where processes share the rate limit instead of the database. */
    readonly redisUrl: string | undefined;
    readonly maxConcurrency: number;
    readonly timeoutMs: number;
    /** The wait after a send before its status is first asked. */
    readonly firstStatusCheckMs: number;
  };
  readonly batches!: {
    /** Totals (decimal strings) above which a batch needs two approvers, by currency. */
    readonly twoPersonThresholds: ReadonlyMap<string, string>;
    readonly approvalExpiryDays: number;
    /** How long a stored fee prediction is reused by pre-flight; 0: never. */
    readonly feePredictionTtlMs: number;
  };
  readonly imports!: {
    /** Largest file accepted (upload or CLI), in bytes. */
    readonly maxBytes: number;
    /** Most data rows in one file. */
    readonly maxRows: number;
    /** CSV files at least this large are read on a worker thread. */
    readonly workerMinBytes: number;
  };
  readonly http!: {
    readonly rateLimitPerMinute: number;
    /** Browser origins allowed by CORS; empty: CORS off. */
    readonly corsOrigins: readonly string[];
    /** GET /metrics without an API key (for a Prometheus on a private network). */
    readonly metricsPublic: boolean;
  };
  readonly jobs!: {
    readonly timeZone: string;
    /** Cron expressions; null when the job is off. */
    readonly schedules: {
      readonly statusPoll: string | null;
      readonly invoiceSync: string | null;
      readonly nightlySync: string | null;
      readonly webhookDispatch: string | null;
      readonly batchExpiry: string | null;
    };
    readonly stuckAfterMs: number;
    readonly inboxDir: string;
    readonly inboxSettleMs: number;
  };
  /** The ERP webhook; null when WEBHOOK_URL is unset. */
  readonly webhook!: {
    readonly url: string;
    readonly secret: string;
    readonly maxAttempts: number;
    readonly retryBaseMs: number;
  } | null;
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
