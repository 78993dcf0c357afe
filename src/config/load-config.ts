import { existsSync } from 'node:fs';
import { AppConfig, type LogLevel } from './app-config';
import { parseDatabaseUrl } from './database-url';
import { ENVIRONMENT, parseCurrencyAmounts, parseOrigins, resolveValue } from './environment';
import {
  MASK,
  redactText,
  redactUrlCredentials,
  registerSecret,
  registerUrlSecrets,
} from '../common/redact';

export interface ConfigProblem {
  readonly variable: string;
  readonly problem: string;
}

/** Thrown at boot when the environment is not usable; lists every bad variable at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      [
        'The configuration is not valid:',
        ...problems.map((p) => `  - ${p.variable} ${p.problem}`),
        'See .env.example for every variable and its default.',
      ].join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `.env` in the working directory into process.env (variables already set win). */
export function loadDotEnvFile(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}

/**
 * Validates the environment and returns the typed configuration, or throws ConfigError naming every
 * bad variable. Values of secrets never appear in the messages.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: ConfigProblem[] = [];
  const values = new Map<string, string | undefined>();

  for (const variable of ENVIRONMENT) {
    const raw = env[variable.name]?.trim();
    const value = resolveValue(variable, raw, (name) => values.get(name));
    values.set(variable.name, value);
    if (value === undefined || variable.check === undefined) continue;
    try {
      variable.check(value);
    } catch (error) {
      const shown = variable.sensitive ? '' : ` (got "${redactUrlCredentials(value)}")`;
      problems.push({ variable: variable.name, problem: `${(error as Error).message}${shown}` });
    }
  }

  const get = (name: string): string | undefined => values.get(name);
  const clientId = get('DOLLR_CLIENT_ID');
  const clientSecret = get('DOLLR_CLIENT_SECRET');
  if (clientId !== undefined && clientSecret === undefined) {
    problems.push({
      variable: 'DOLLR_CLIENT_SECRET',
      problem: 'is missing: DOLLR_CLIENT_ID is set, and the client id needs its secret',
    });
  }
  if (clientSecret !== undefined && clientId === undefined) {
    problems.push({
      variable: 'DOLLR_CLIENT_ID',
      problem: 'is missing: DOLLR_CLIENT_SECRET is set, and the secret needs its client id',
    });
  }

  const webhookUrl = get('WEBHOOK_URL');
  const webhookSecret = get('WEBHOOK_SECRET');
  if (webhookUrl !== undefined && webhookSecret === undefined) {
    problems.push({
      variable: 'WEBHOOK_SECRET',
      problem: 'is missing: WEBHOOK_URL is set, and every webhook event is signed with this secret',
    });
  }
  if (webhookSecret !== undefined && webhookUrl === undefined) {
    problems.push({
      variable: 'WEBHOOK_URL',
      problem: 'is missing: WEBHOOK_SECRET is set, but there is no URL to send events to',
    });
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const schedule = (name: string): string | null => {
    const value = get(name) as string;
    return value === 'off' ? null : value;
  };

  const databaseUrl = get('DATABASE_URL') as string;
  return new AppConfig({
    databaseUrl,
    database: parseDatabaseUrl(databaseUrl),
    host: get('HOST') as string,
    port: Number(get('PORT')),
    logLevel: get('LOG_LEVEL') as LogLevel,
    shutdownGraceMs: Number(get('SHUTDOWN_GRACE_SECONDS')) * 1000,
    dataDir: get('DATA_DIR') as string,
    dollr: {
      mode: clientId === undefined ? 'sandbox' : 'live',
      baseUrl: (get('DOLLR_BASE_URL') as string).replace(/\/+$/, ''),
      clientId,
      clientSecret,
      payoutPasscode: get('DOLLR_PAYOUT_PASSCODE'),
      payoutPhone: get('DOLLR_PAYOUT_PHONE'),
      rateLimitRps: Number(get('DOLLR_RATE_LIMIT_RPS')),
      redisUrl: get('REDIS_URL'),
      maxConcurrency: Number(get('DOLLR_MAX_CONCURRENCY')),
      timeoutMs: Number(get('DOLLR_TIMEOUT_MS')),
      firstStatusCheckMs: Number(get('DOLLR_FIRST_STATUS_CHECK_MS')),
    },
    batches: {
      twoPersonThresholds: parseCurrencyAmounts(get('APPROVAL_TWO_PERSON_THRESHOLDS') as string),
      approvalExpiryDays: Number(get('BATCH_APPROVAL_EXPIRY_DAYS')),
      feePredictionTtlMs: Number(get('FEE_PREDICTION_TTL_HOURS')) * 3_600_000,
    },
    imports: {
      maxBytes: Number(get('UPLOAD_MAX_BYTES')),
      maxRows: Number(get('IMPORT_MAX_ROWS')),
      workerMinBytes: Number(get('IMPORT_WORKER_MIN_BYTES')),
    },
    http: {
      rateLimitPerMinute: Number(get('HTTP_RATE_LIMIT_PER_MINUTE')),
      corsOrigins: parseOrigins(get('CORS_ORIGINS') ?? ''),
      metricsPublic: get('METRICS_PUBLIC') === 'true',
    },
    jobs: {
      timeZone: get('JOBS_TIMEZONE') as string,
      schedules: {
        statusPoll: schedule('STATUS_POLL_CRON'),
        invoiceSync: schedule('INVOICE_SYNC_CRON'),
        nightlySync: schedule('NIGHTLY_SYNC_CRON'),
        webhookDispatch: webhookUrl === undefined ? null : schedule('WEBHOOK_DISPATCH_CRON'),
        batchExpiry: schedule('BATCH_EXPIRY_CRON'),
      },
      stuckAfterMs: Math.round(Number(get('STUCK_AFTER_MINUTES')) * 60_000),
      inboxDir: get('INBOX_DIR') as string,
      inboxSettleMs: Number(get('INBOX_SETTLE_MS')),
    },
    webhook:
      webhookUrl === undefined || webhookSecret === undefined
        ? null
        : {
            url: webhookUrl,
            secret: webhookSecret,
            maxAttempts: Number(get('WEBHOOK_MAX_ATTEMPTS')),
            retryBaseMs: Math.round(Number(get('WEBHOOK_RETRY_SECONDS')) * 1000),
          },
    reports: {
      dir: get('REPORTS_DIR') as string,
      journalAccounts: {
        payrollPayable: get('JOURNAL_ACCOUNT_PAYROLL_PAYABLE') as string,
        suppliersPayable: get('JOURNAL_ACCOUNT_SUPPLIERS_PAYABLE') as string,
        receivables: get('JOURNAL_ACCOUNT_RECEIVABLES') as string,
        dollrWallet: get('JOURNAL_ACCOUNT_DOLLR_WALLET') as string,
        fees: get('JOURNAL_ACCOUNT_FEES') as string,
      },
    },
  });
}

/**
 * Registers for redaction every secret the environment holds: the values of sensitive variables
 * and the credentials inside any URL-valued one (a database password, a user:password@ in
 * DOLLR_BASE_URL or WEBHOOK_URL), whether or not the value is valid.
 */
export function registerEnvironmentSecrets(env: Env = process.env): void {
  for (const variable of ENVIRONMENT) {
    const value = env[variable.name]?.trim();
    if (value === undefined || value === '') continue;
    if (variable.sensitive) registerSecret(value);
    if (value.includes('://')) registerUrlSecrets(value);
  }
}

/** The effective configuration as `doctor` prints it: every variable, secrets shown as ***. */
export function describeConfig(
  env: Env = process.env,
): { name: string; value: string; source: 'env' | 'default' | 'unset' }[] {
  const values = new Map<string, string | undefined>();
  return ENVIRONMENT.map((variable) => {
    const raw = env[variable.name]?.trim();
    const fromEnv = raw !== undefined && raw !== '';
    const value = resolveValue(variable, raw, (name) => values.get(name));
    values.set(variable.name, value);
    if (value === undefined) return { name: variable.name, value: '', source: 'unset' as const };
    return {
      name: variable.name,
      value: variable.sensitive ? MASK : redactText(redactUrlCredentials(value)),
      source: fromEnv ? ('env' as const) : ('default' as const),
    };
  });
}
