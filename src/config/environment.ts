import { parseDatabaseUrl } from './database-url';

/**
 * Every environment variable the connector reads: its default, what it means, how it is checked,
 * and whether it is a secret (secrets are never printed; `doctor` shows them as ***).
 * `.env.example` and the README's configuration table list the same variables.
 */
export interface EnvironmentVariable {
  readonly name: string;
  readonly description: string;
  /** Used when the variable is unset or empty; `undefined` means "no value". */
  readonly default?: string;
  readonly sensitive?: boolean;
  /** Throws an Error whose message says why the value is wrong (without echoing secrets). */
  readonly check?: (value: string) => void;
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
    description: 'Most requests per second the connector sends to Dollr.',
    default: '20',
    check: positiveNumber,
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
    name: 'REPORTS_DIR',
    description: 'Folder the nightly job writes the daily reconciliation report and journal to.',
    default: './data/reports',
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
