import { validateCronExpression } from 'cron';
import { parseDatabaseUrl } from './database-url';

/**
 * Every environment variable the connector reads: its default, what it means, how it is checked,
 * and whether it is a secret (secrets are never printed; `doctor` shows them as ***).
 * `.env.example` and the configuration table in docs/configuration.md list the same variables.
 */
export interface EnvironmentVariable {
  readonly name: string;
  readonly description: string;
  /**
   * Used when the variable is unset or empty; `undefined` means "no value". In it, and in the value
   * of a variable that is not a secret, `${NAME}` stands for the value of an earlier variable.
   */
  readonly default?: string;
  readonly sensitive?: boolean;
  /** Throws an Error whose message says why the value is wrong (without echoing secrets). */
  readonly check?: (value: string) => void;
}

/**
 * The variable's value from `raw` (unset or empty: its default), with each `${NAME}` replaced by
 * what `valueOf` gives for NAME; a secret's own value is taken as it is.
 */
export function resolveValue(
  variable: EnvironmentVariable,
  raw: string | undefined,
  valueOf: (name: string) => string | undefined,
): string | undefined {
  const given = raw !== undefined && raw !== '';
  const value = given ? raw : variable.default;
  if (value === undefined || (given && variable.sensitive === true)) return value;
  return value.replace(/\$\{(\w+)\}/g, (_, name: string) => valueOf(name) ?? '');
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integerBetween(min: number, max: number): (value: string) => void {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
  };
}

function positiveNumber(value: string): void {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
    throw new Error('must be a number greater than 0');
  }
}

function httpUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be an http(s) URL, e.g. https://api.heydollr.app');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('must be an http(s) URL, e.g. https://api.heydollr.app');
  }
}

/** A cron expression (5 fields, or 6 with seconds first), or `off`. */
export function checkSchedule(value: string): void {
  if (value === 'off') return;
  const fields = value.trim().split(/\s+/).length;
  const result = validateCronExpression(value);
  if (!result.valid || (fields !== 5 && fields !== 6)) {
    throw new Error(
      'must be a cron expression (minute hour day-of-month month day-of-week, optionally seconds first), e.g. "*/15 * * * *", or off',
    );
  }
}

/** An IANA time zone name such as Africa/Monrovia. */
export function checkTimeZone(value: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
  } catch {
    throw new Error('must be an IANA time zone name, e.g. Africa/Monrovia or UTC');
  }
}

/** `USD=10000,LRD=2000000`: an amount per currency. */
export function parseCurrencyAmounts(value: string): Map<string, string> {
  const amounts = new Map<string, string>();
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const match = /^([A-Z]{3})=(\d+(?:\.\d+)?)$/.exec(part);
    if (match === null) {
      throw new Error(
        `must look like USD=10000,LRD=2000000 (each CURRENCY=amount); "${part}" does not`,
      );
    }
    amounts.set(match[1], match[2]);
  }
  return amounts;
}

/** `https://a.example,http://localhost:8080`: exact origins, no paths. */
export function parseOrigins(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      let url: URL;
      try {
        url = new URL(part);
      } catch {
        throw new Error(
          `must be origins like https://erp.example.com, comma-separated; "${part}" is not`,
        );
      }
      if (
        (url.protocol !== 'https:' && url.protocol !== 'http:') ||
        url.origin !== part.replace(/\/$/, '')
      ) {
        throw new Error(
          `must be origins like https://erp.example.com (scheme, host, port; no path); "${part}" is not`,
        );
      }
      return url.origin;
    });
}

/** An account code of the general ledger, as an accounting package imports it. */
function accountCode(value: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,39}$/.test(value)) {
    throw new Error(
      'must be an account code of 1 to 40 letters, digits, spaces or . _ : / - starting with a letter or digit, e.g. 2100',
    );
  }
}

export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  {
    name: 'DATABASE_URL',
    description:
      'Where the connector keeps its state: sqlite:PATH (embedded) or mysql://user:pass@host:port/db (MySQL 8 / MariaDB 10.6+).',
    default: 'sqlite:./data/connector.sqlite',
    sensitive: false,
    check: (value) => void parseDatabaseUrl(value),
  },
  {
    name: 'HOST',
    description: 'Interface the HTTP service listens on; 0.0.0.0 to listen on every interface.',
    default: '127.0.0.1',
  },
  {
    name: 'PORT',
    description: 'TCP port of the HTTP service.',
    default: '3000',
    check: integerBetween(1, 65535),
  },
  {
    name: 'SHUTDOWN_GRACE_SECONDS',
    description:
      'On SIGTERM, how long the service lets payments already with Dollr finish before it exits (it takes no new work meanwhile).',
    default: '30',
    check: integerBetween(1, 3600),
  },
  {
    name: 'LOG_LEVEL',
    description: `Least severe log level written: ${LOG_LEVELS.join(', ')}.`,
    default: 'info',
    check: (value) => {
      if (!LOG_LEVELS.includes(value)) throw new Error(`must be one of ${LOG_LEVELS.join(', ')}`);
    },
  },
  {
    name: 'DATA_DIR',
    description:
      'Folder for local state: the embedded Dollr sandbox, and uploads/ with a copy of every imported file.',
    default: './data',
  },
  {
    name: 'DOLLR_BASE_URL',
    description:
      'Dollr API base URL. Used only with credentials; without them the built-in sandbox is used.',
    default: 'https://api.heydollr.app',
    check: httpUrl,
  },
  {
    name: 'DOLLR_CLIENT_ID',
    description:
      'Dollr API client id (merchant portal: Settings > Developer > API Keys). Leave unset for sandbox mode.',
  },
  {
    name: 'DOLLR_CLIENT_SECRET',
    description: 'Dollr API client secret, set together with DOLLR_CLIENT_ID.',
    sensitive: true,
  },
  {
    name: 'DOLLR_PAYOUT_PASSCODE',
    description: 'Merchant payout passcode sent with every payout execution.',
    sensitive: true,
  },
  {
    name: 'DOLLR_PAYOUT_PHONE',
    description:
      'Phone registered for the payout passcode, E.164 digits without +, e.g. 231771234567.',
    check: (value) => {
      if (!/^[1-9]\d{7,14}$/.test(value)) {
        throw new Error('must be E.164 digits without + (8 to 15 digits), e.g. 231771234567');
      }
    },
  },
  {
    name: 'DOLLR_RATE_LIMIT_RPS',
    description:
      "Most requests per second sent to Dollr: the merchant's limit, shared by every connector process on one database (or one REDIS_URL).",
    default: '20',
    check: positiveNumber,
  },
  {
    name: 'REDIS_URL',
    description:
      'redis://[user:password@]host:port[/db]: where connector processes share the Dollr rate limit; unset: they share it through the database.',
    sensitive: true,
    check: (value) => {
      if (!/^rediss?:\/\/[^/]/.test(value)) throw new Error('must be a redis:// or rediss:// URL');
    },
  },
  {
    name: 'DOLLR_MAX_CONCURRENCY',
    description: 'Most Dollr requests in flight at once.',
    default: '8',
    check: integerBetween(1, 1000),
  },
  {
    name: 'DOLLR_TIMEOUT_MS',
    description: 'Time limit for one Dollr request, in milliseconds.',
    default: '30000',
    check: integerBetween(100, 600000),
  },
  {
    name: 'DOLLR_FIRST_STATUS_CHECK_MS',
    description:
      'How long after sending a payment its status is first asked, in milliseconds (Dollr advises 2 to 5 s); later checks wait longer.',
    default: '2000',
    check: integerBetween(100, 60000),
  },
  {
    name: 'APPROVAL_TWO_PERSON_THRESHOLDS',
    description:
      'Batch totals above which two distinct approvers are needed, per currency (CURRENCY=amount, comma-separated).',
    default: 'USD=10000,LRD=2000000,RWF=15000000',
    check: (value) => void parseCurrencyAmounts(value),
  },
  {
    name: 'BATCH_APPROVAL_EXPIRY_DAYS',
    description: 'Days after which a batch that was never approved is canceled as expired.',
    default: '7',
    check: integerBetween(1, 365),
  },
  {
    name: 'FEE_PREDICTION_TTL_HOURS',
    description:
      'How long a fee prediction Dollr gave is reused by later pre-flights for the same operation, method, provider, currency, amount, fee bearer and fee tier, in hours; 0: every pre-flight asks again.',
    default: '24',
    check: integerBetween(0, 24 * 365),
  },
  {
    name: 'UPLOAD_MAX_BYTES',
    description:
      'Largest file imported, in bytes (HTTP upload or CLI); a larger upload is refused with 413 and nothing is stored.',
    default: String(50 * 1024 * 1024),
    check: integerBetween(1024, 1024 * 1024 * 1024),
  },
  {
    name: 'IMPORT_MAX_ROWS',
    description:
      'Most data rows in one imported file; a longer file is refused and nothing is stored.',
    default: '250000',
    check: integerBetween(1, 10_000_000),
  },
  {
    name: 'IMPORT_WORKER_MIN_BYTES',
    description:
      'CSV files at least this large (bytes) are read and validated on a worker thread while the rows already read are stored; 0: every CSV file.',
    default: String(4 * 1024 * 1024),
    check: integerBetween(0, 1024 * 1024 * 1024),
  },
  {
    name: 'HTTP_RATE_LIMIT_PER_MINUTE',
    description:
      'Most HTTP requests per minute per API key (or per IP address without a key); more get 429.',
    default: '300',
    check: integerBetween(1, 1_000_000),
  },
  {
    name: 'CORS_ORIGINS',
    description:
      'Origins allowed to call the API from a browser (comma-separated, e.g. https://erp.example.com). Unset: CORS is off.',
    check: (value) => void parseOrigins(value),
  },
  {
    name: 'METRICS_PUBLIC',
    description:
      'true: GET /metrics (Prometheus) answers without an API key, for a scraper on a private network; false: it needs a key like the rest of the API.',
    default: 'false',
    check: (value) => {
      if (value !== 'true' && value !== 'false') throw new Error('must be true or false');
    },
  },
  {
    name: 'JOBS_TIMEZONE',
    description: 'Time zone in which the job schedules (cron expressions) are read.',
    default: 'Africa/Monrovia',
    check: checkTimeZone,
  },
  {
    name: 'STATUS_POLL_CRON',
    description:
      'When the status poll asks Dollr about payments in flight (cron expression, or off).',
    default: '* * * * *',
    check: checkSchedule,
  },
  {
    name: 'INVOICE_SYNC_CRON',
    description: 'When open invoices are checked on Dollr (cron expression, or off).',
    default: '*/15 * * * *',
    check: checkSchedule,
  },
  {
    name: 'NIGHTLY_SYNC_CRON',
    description:
      'When the inbox folder is imported and the daily report written (cron expression, or off).',
    default: '0 2 * * *',
    check: checkSchedule,
  },
  {
    name: 'WEBHOOK_DISPATCH_CRON',
    description:
      'When final payment statuses are sent to WEBHOOK_URL (cron expression, or off; off while WEBHOOK_URL is unset).',
    default: '* * * * *',
    check: checkSchedule,
  },
  {
    name: 'BATCH_EXPIRY_CRON',
    description:
      'When batches not approved within BATCH_APPROVAL_EXPIRY_DAYS are canceled (cron expression, or off).',
    default: '*/5 * * * *',
    check: checkSchedule,
  },
  {
    name: 'STUCK_AFTER_MINUTES',
    description:
      'Minutes a payment may stay PROCESSING before the status poll flags it STUCK (an exception, never re-sent).',
    default: '30',
    check: positiveNumber,
  },
  {
    name: 'INBOX_DIR',
    description:
      'Inbox folder imported by the nightly sync (payroll/, suppliers/, invoices/ inside; processed/ and failed/ are made).',
    default: '${DATA_DIR}/inbox',
  },
  {
    name: 'INBOX_SETTLE_MS',
    description:
      'Milliseconds between the two looks at an inbox file; a file whose size or time changed meanwhile is left for the next run.',
    default: '2000',
    check: integerBetween(0, 600000),
  },
  {
    name: 'WEBHOOK_URL',
    description:
      'ERP webhook: final payment statuses are POSTed here as signed JSON events. Unset: no webhook.',
    check: httpUrl,
  },
  {
    name: 'WEBHOOK_SECRET',
    description:
      'Key of the HMAC-SHA256 signature of every webhook event (X-Dollr-Connector-Signature); required with WEBHOOK_URL.',
    sensitive: true,
  },
  {
    name: 'WEBHOOK_MAX_ATTEMPTS',
    description: 'Deliveries tried per webhook event before it is marked FAILED.',
    default: '10',
    check: integerBetween(1, 100),
  },
  {
    name: 'WEBHOOK_RETRY_SECONDS',
    description:
      'Wait before the first retry of a failed webhook delivery; each further retry waits twice as long (at most 6 hours).',
    default: '30',
    check: positiveNumber,
  },
  {
    name: 'REPORTS_DIR',
    description: 'Folder the nightly job writes the daily reconciliation report and journal to.',
    default: '${DATA_DIR}/reports',
  },
  {
    name: 'JOURNAL_ACCOUNT_PAYROLL_PAYABLE',
    description: 'Journal account debited when salaries are paid out (employees).',
    default: '2100',
    check: accountCode,
  },
  {
    name: 'JOURNAL_ACCOUNT_SUPPLIERS_PAYABLE',
    description: 'Journal account debited when suppliers and other payees are paid out.',
    default: '2000',
    check: accountCode,
  },
  {
    name: 'JOURNAL_ACCOUNT_RECEIVABLES',
    description: 'Journal account credited when customers pay their invoices.',
    default: '1200',
    check: accountCode,
  },
  {
    name: 'JOURNAL_ACCOUNT_DOLLR_WALLET',
    description: 'Journal account of the Dollr wallet (credited by payouts and their fees).',
    default: '1050',
    check: accountCode,
  },
  {
    name: 'JOURNAL_ACCOUNT_FEES',
    description: 'Journal account debited with Dollr fees.',
    default: '6150',
    check: accountCode,
  },
];

export type EnvironmentName = (typeof ENVIRONMENT)[number]['name'];
