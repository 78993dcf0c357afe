import type { ExecutionTiming } from './rules/execution-timeline';
import { applyFaults, type FaultSettings, NO_FAULTS } from './rules/faults';
import type { Currency } from './rules/money';
import type { MerchantType } from './rules/enums';

/** One merchant: a client id/secret pair. All data is scoped to it. */
export interface SandboxCredential {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly name?: string;
  readonly email?: string;
  /** The phone registered for payout passcodes (`passcode.token.phone`). */
  readonly phone?: string;
  /** The user id accepted instead of the phone (`passcode.token.user_id`). */
  readonly userId?: string;
  readonly type?: MerchantType;
}

export interface SandboxTiming extends ExecutionTiming {
  /** Lifetime of checkout sessions. */
  readonly checkoutSessionTtlSeconds: number;
  /** Lifetime of payout sessions (the `expires_at` the sandbox returns). */
  readonly payoutSessionTtlSeconds: number;
}

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /**
   * The address its payment links and hosted pages name (default: its own): another sandbox on
   * the same state that outlives this one, so that a link made here still opens after it exits.
   */
  readonly publicUrl?: string;
  /** A SQLite file shared by every process that uses it; undefined or ':memory:' keeps state in memory. */
  readonly statePath?: string;
  /** Default: one merchant `sandbox`/`sandbox`. */
  readonly credentials?: readonly SandboxCredential[];
  /** The payout passcode (`passcode.token.code`); default `123456`. */
  readonly passcode?: string;
  /** What a wrong passcode, phone or user id does: an immediate FAILED (default) or a 403. */
  readonly badPasscode?: 'FAILED' | '403';
  /** Fault settings, as text (`latency=50,drop=0.02`) or an object of the same keys. */
  readonly faults?: string | Readonly<Record<string, unknown>>;
  /** Token lifetime; default 3600. `expires_in` reports it in minutes (a fraction below a minute). */
  readonly tokenTtlSeconds?: number;
  readonly timing?: Partial<SandboxTiming>;
  /** Refuse ids of the wrong JSON type with a 422 (dollr-api.md §1.4); default true. */
  readonly strictTypes?: boolean;
  /** Whether merchants are verified (payouts, transfers, refunds need it); default true. */
  readonly merchantVerified?: boolean;
  /** Opening balances of each merchant's wallets, as decimal strings. */
  readonly initialBalances?: Partial<Record<Currency, string>>;
  /** The clock, in epoch milliseconds; default Date.now. The control endpoint can shift it. */
  readonly now?: () => number;
}

export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string | undefined;
  readonly statePath: string;
  readonly credentials: readonly Required<SandboxCredential>[];
  readonly passcode: string;
  readonly badPasscode: 'FAILED' | '403';
  readonly faults: FaultSettings;
  readonly tokenTtlSeconds: number;
  readonly timing: SandboxTiming;
  readonly strictTypes: boolean;
  /** Undefined when not given: existing merchants then keep the flag stored in the state. */
  readonly merchantVerified: boolean | undefined;
  readonly initialBalances: Record<Currency, string>;
  readonly now: () => number;
}

export const DEFAULT_CREDENTIAL = { clientId: 'sandbox', clientSecret: 'sandbox' } as const;
export const DEFAULT_PASSCODE = '123456';
export const DEFAULT_MERCHANT_PHONE = '231770000001';

export const DEFAULT_TIMING: SandboxTiming = {
  pendingMs: 500,
  processingMs: 2_000,
  slowProcessingMs: 120_000,
  checkoutSessionTtlSeconds: 900,
  payoutSessionTtlSeconds: 900,
};

export const DEFAULT_BALANCES: Record<Currency, string> = {
  USD: '1000000.00',
  LRD: '190000000.00',
  RWF: '1400000000',
};

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const credentials = (options.credentials ?? [DEFAULT_CREDENTIAL]).map((credential, index) => ({
    name: `Sandbox Merchant ${credential.clientId}`,
    email: `${credential.clientId}@sandbox.invalid`,
    phone: DEFAULT_MERCHANT_PHONE,
    userId: String(index + 1),
    type: 'ORGANIZATION' as const,
    ...credential,
  }));
  if (credentials.length === 0) throw new Error('the sandbox needs at least one credential pair');
  const ttl = options.tokenTtlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl <= 0)
    throw new Error('tokenTtlSeconds must be a positive integer');
  return {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    statePath: options.statePath ?? ':memory:',
    credentials,
    passcode: options.passcode ?? DEFAULT_PASSCODE,
    badPasscode: options.badPasscode ?? 'FAILED',
    faults: options.faults === undefined ? NO_FAULTS : applyFaults(NO_FAULTS, options.faults),
    tokenTtlSeconds: ttl,
    timing: { ...DEFAULT_TIMING, ...options.timing },
    strictTypes: options.strictTypes ?? true,
    merchantVerified: options.merchantVerified,
    initialBalances: { ...DEFAULT_BALANCES, ...options.initialBalances },
    now: options.now ?? Date.now,
  };
}
