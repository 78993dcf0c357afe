/**
 * The sandbox's whole world. Money columns (`*_minor`) are integers of minor units; times are epoch
 * milliseconds. Ids are never reused, not even after a reset, so a client's cached id can never
 * point at someone else's record.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS merchants (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  user_id TEXT NOT NULL,
  type TEXT NOT NULL,
  verified INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS wallets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  -- 0 for the merchant's own wallets, else the counterparty credited by transfers.
  counterparty_id INTEGER NOT NULL,
  currency TEXT NOT NULL,
  balance_minor INTEGER NOT NULL,
  UNIQUE (merchant_id, counterparty_id, currency)
);

CREATE TABLE IF NOT EXISTS parties (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  fullname TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  country_code TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS parties_by_phone ON parties (merchant_id, phone);

CREATE TABLE IF NOT EXISTS counterparties (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  party_id INTEGER NOT NULL,
  relationship_type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sources (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  number TEXT NOT NULL,
  counterparty_id INTEGER NOT NULL,
  currency TEXT NOT NULL,
  note TEXT,
  fee_bearer TEXT NOT NULL,
  as_payment_link INTEGER NOT NULL,
  due_date INTEGER,
  status TEXT NOT NULL,
  hosted_token TEXT,
  expires_at INTEGER,
  success_url TEXT,
  cancel_url TEXT,
  receipt_json TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (merchant_id, number)
);

CREATE TABLE IF NOT EXISTS source_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  qty INTEGER NOT NULL,
  amount_minor INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS payment_accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  party_id INTEGER NOT NULL,
  operation_type TEXT NOT NULL,
  method TEXT NOT NULL,
  provider TEXT NOT NULL,
  account_name TEXT,
  country_code TEXT,
  account_number TEXT,
  is_active INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  source_id INTEGER,
  payout_account_id INTEGER,
  wallet_id INTEGER,
  to_counterparty_id INTEGER,
  original_execution_id INTEGER,
  amount_minor INTEGER,
  currency TEXT,
  reason TEXT,
  expires_at INTEGER NOT NULL,
  consumed_by TEXT,
  created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS executions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  merchant_id INTEGER NOT NULL,
  reference_id TEXT NOT NULL,
  operation TEXT NOT NULL,
  -- What makes a repeat "the same payload" (session, account, currency).
  fingerprint TEXT NOT NULL,
  session_id INTEGER NOT NULL,
  payment_account_id INTEGER,
  source_id INTEGER,
  original_execution_id INTEGER,
  debit_wallet_id INTEGER,
  credit_wallet_id INTEGER,
  phone TEXT,
  method TEXT NOT NULL,
  provider TEXT NOT NULL,
  amount_minor INTEGER NOT NULL,
  currency TEXT NOT NULL,
  payer_amount_minor INTEGER NOT NULL,
  payer_currency TEXT NOT NULL,
  payee_amount_minor INTEGER NOT NULL,
  payee_currency TEXT NOT NULL,
  platform_fee_minor INTEGER NOT NULL,
  gateway_fee_minor INTEGER NOT NULL,
  fx_fee_minor INTEGER NOT NULL,
  -- Minor units taken from debit_wallet_id / given to credit_wallet_id when it completes.
  debit_minor INTEGER NOT NULL,
  credit_minor INTEGER NOT NULL,
  status TEXT NOT NULL,
  planned_status TEXT NOT NULL,
  planned_message TEXT NOT NULL,
  gateway_message TEXT,
  requires_action INTEGER NOT NULL,
  client_secret TEXT,
  provider_transaction_id TEXT NOT NULL,
  requests INTEGER NOT NULL,
  effects INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  processing_at INTEGER NOT NULL,
  settle_at INTEGER,
  settled_at INTEGER,
  updated_at INTEGER NOT NULL,
  UNIQUE (merchant_id, reference_id)
);
CREATE INDEX IF NOT EXISTS executions_unsettled ON executions (settled_at, processing_at);
`;

/** Tables emptied by a reset. Merchants and the signing key stay, so tokens remain valid. */
export const WORLD_TABLES = [
  'wallets',
  'parties',
  'counterparties',
  'sources',
  'source_items',
  'payment_accounts',
  'sessions',
  'executions',
] as const;
