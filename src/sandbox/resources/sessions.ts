import type { MerchantContext } from '../context';
import { parseBody, refuseFields } from '../context';
import { forbidden, invalid } from '../http/errors';
import { isoTime, isoTimeOrNull, money } from '../http/json';
import { METHOD_ROUTES, SOURCE_TYPES, type OperationType, type SourceType } from '../rules/enums';
import { type Currency, minorFromColumn, minorToColumn, toMinorUnits } from '../rules/money';
import {
  amount,
  amountIssue,
  currency,
  dateTime,
  integerId,
  type Issue,
  issue,
  oneOf,
  optional,
  text,
} from '../rules/validation';
import type { Store } from '../store/store';
import { requireCounterparty } from './counterparties';
import { findExecution, refundableMinor } from './execution-store';
import { merchantWalletId } from './merchants';
import { deactivatedOnUse, findPaymentAccount } from './payment-accounts';
import { findSource, requireAllowed, SOURCE_KINDS } from './sources';
import { findWallet } from './wallets';

export type SessionType = 'CHECKOUT' | 'PAYOUT' | 'TRANSFER' | 'REFUND';

/** Which execution consumes which session. */
export const SESSION_FOR: Record<OperationType, SessionType> = {
  COLLECTION: 'CHECKOUT',
  PAYOUT: 'PAYOUT',
  TRANSFER: 'TRANSFER',
  REFUND: 'REFUND',
};

export interface SessionRow {
  id: number;
  merchant_id: number;
  type: SessionType;
  source_id: number | null;
  payout_account_id: number | null;
  wallet_id: number | null;
  to_counterparty_id: number | null;
  original_execution_id: number | null;
  amount_minor: number | null;
  currency: Currency | null;
  reason: string | null;
  expires_at: number;
  consumed_by: string | null;
  created_at: number;
}

export function findSession(store: Store, merchantId: number, id: number): SessionRow | undefined {
  return store.get<SessionRow>(
    'SELECT * FROM sessions WHERE id = ? AND merchant_id = ?',
    id,
    merchantId,
  );
}

function sessionStatus(row: SessionRow, now: number): string {
  if (row.consumed_by !== null) return 'CONSUMED';
  return now >= row.expires_at ? 'EXPIRED' : 'ACTIVE';
}

function presentSession(store: Store, row: SessionRow, now: number): Record<string, unknown> {
  const amountField =
    row.amount_minor !== null && row.currency !== null
      ? { amount: money(minorFromColumn(row.amount_minor), row.currency), currency: row.currency }
      : {};
  const source =
    row.source_id === null
      ? undefined
      : store.get<{ type: SourceType }>('SELECT type FROM sources WHERE id = ?', row.source_id);
  return {
    id: row.id,
    session_type: row.type,
    status: sessionStatus(row, now),
    ...(row.source_id !== null ? { source_id: row.source_id, source_type: source?.type } : {}),
    ...(row.payout_account_id !== null ? { payout_account_id: row.payout_account_id } : {}),
    ...(row.wallet_id !== null ? { wallet_id: row.wallet_id } : {}),
    ...(row.type === 'TRANSFER'
      ? { from_wallet_id: row.wallet_id, to_counterparty_id: row.to_counterparty_id }
      : {}),
    ...(row.original_execution_id !== null
      ? { original_payment_intent_id: row.original_execution_id }
      : {}),
    ...amountField,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    expires_at: isoTimeOrNull(row.expires_at),
    created_at: isoTime(row.created_at),
  };
}

function insertSession(
  ctx: MerchantContext,
  type: SessionType,
  fields: Partial<
    Omit<SessionRow, 'id' | 'merchant_id' | 'type' | 'created_at' | 'consumed_by'>
  > & {
    expires_at: number;
  },
): unknown {
  const id = ctx.store.insert('sessions', {
    merchant_id: ctx.merchant.id,
    type,
    source_id: fields.source_id ?? null,
    payout_account_id: fields.payout_account_id ?? null,
    wallet_id: fields.wallet_id ?? null,
    to_counterparty_id: fields.to_counterparty_id ?? null,
    original_execution_id: fields.original_execution_id ?? null,
    amount_minor: fields.amount_minor ?? null,
    currency: fields.currency ?? null,
    reason: fields.reason ?? null,
    expires_at: fields.expires_at,
    consumed_by: null,
    created_at: ctx.now,
  });
  return presentSession(
    ctx.store,
    findSession(ctx.store, ctx.merchant.id, id) as SessionRow,
    ctx.now,
  );
}

export function requireVerified(ctx: MerchantContext): void {
  if (!ctx.merchant.verified) {
    throw forbidden('Merchant is not verified: payouts, transfers and refunds are not allowed');
  }
}

function amountIn(value: { amount?: string; currency?: Currency }): Issue[] {
  return value.amount !== undefined && value.currency !== undefined
    ? amountIssue(['body', 'amount'], value.amount, value.currency)
    : [];
}

function minorOf(text: string, currencyCode: Currency): bigint {
  const result = toMinorUnits(text, currencyCode);
  if (!result.ok) throw invalid('body', 'amount', 'invalid amount');
  return result.minor;
}

function futureIssue(value: { expires_at?: number }, now: number): Issue[] {
  return value.expires_at !== undefined && value.expires_at <= now
    ? [issue(['body', 'expires_at'], 'expires_at must be in the future')]
    : [];
}

export function handleCheckoutSession(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, { source_id: integerId(), source_type: oneOf(SOURCE_TYPES) });
  const source = findSource(ctx.store, ctx.merchant.id, body.source_type, body.source_id);
  if (!source)
    throw invalid('body', 'source_id', `${SOURCE_KINDS[body.source_type].label} not found`);
  requireAllowed(source, 'checkout', ['body', 'source_id']);
  if (source.expires_at !== null && ctx.now >= source.expires_at) {
    throw invalid('body', 'source_id', 'hosted source has expired');
  }
  return insertSession(ctx, 'CHECKOUT', {
    source_id: source.id,
    expires_at: ctx.now + ctx.options.timing.checkoutSessionTtlSeconds * 1000,
  });
}

export function handlePayoutSession(ctx: MerchantContext): unknown {
  refuseFields(ctx, ['wallet_id', 'expires_at']);
  const body = parseBody(
    ctx,
    { payout_account_id: integerId(), amount: amount(), currency: currency() },
    amountIn,
  );
  requireVerified(ctx);
  const account = findPaymentAccount(ctx.store, ctx.merchant.id, body.payout_account_id);
  if (!account || account.operation_type !== 'PAYOUT') {
    throw invalid('body', 'payout_account_id', 'payout account not found');
  }
  if (account.is_active !== 1)
    throw invalid('body', 'payout_account_id', 'payout account is not active');
  const refused = deactivatedOnUse(
    ctx,
    account,
    'payout_account_id',
    'payout account is not active',
  );
  if (refused !== null) return refused;
  if (!METHOD_ROUTES[account.method].currencies.includes(body.currency)) {
    throw invalid('body', 'currency', `${account.method} does not pay out in ${body.currency}`);
  }
  return insertSession(ctx, 'PAYOUT', {
    payout_account_id: account.id,
    wallet_id: merchantWalletId(ctx.store, ctx.merchant.id, body.currency),
    amount_minor: minorToColumn(minorOf(body.amount, body.currency)),
    currency: body.currency,
    expires_at: ctx.now + ctx.options.timing.payoutSessionTtlSeconds * 1000,
  });
}

export function handleTransferSession(ctx: MerchantContext): unknown {
  const body = parseBody(
    ctx,
    {
      from_wallet_id: integerId(),
      to_counterparty_id: integerId(),
      amount: amount(),
      currency: currency(),
      expires_at: dateTime(),
    },
    (value) => [...amountIn(value), ...futureIssue(value, ctx.now)],
  );
  requireVerified(ctx);
  const wallet = findWallet(ctx.store, body.from_wallet_id);
  if (!wallet || wallet.merchant_id !== ctx.merchant.id || wallet.counterparty_id !== 0) {
    throw invalid('body', 'from_wallet_id', 'wallet not found');
  }
  if (wallet.currency !== body.currency) {
    throw invalid('body', 'currency', `wallet ${wallet.id} holds ${wallet.currency}`);
  }
  requireCounterparty(ctx, body.to_counterparty_id, 'to_counterparty_id');
  return insertSession(ctx, 'TRANSFER', {
    wallet_id: wallet.id,
    to_counterparty_id: body.to_counterparty_id,
    amount_minor: minorToColumn(minorOf(body.amount, body.currency)),
    currency: body.currency,
    expires_at: body.expires_at,
  });
}

export function handleRefundSession(ctx: MerchantContext): unknown {
  const body = parseBody(
    ctx,
    {
      original_payment_intent_id: integerId(),
      amount: amount(),
      expires_at: dateTime(),
      reason: optional(text({ maxLength: 500 })),
    },
    (value) => futureIssue(value, ctx.now),
  );
  requireVerified(ctx);
  const original = findExecution(ctx.store, ctx.merchant.id, {
    id: body.original_payment_intent_id,
  });
  if (!original || original.operation !== 'COLLECTION' || original.status !== 'COMPLETED') {
    throw invalid('body', 'original_payment_intent_id', 'no completed collection with this id');
  }
  const refundCurrency = original.payee_currency;
  const amountIssues = amountIssue(['body', 'amount'], body.amount, refundCurrency);
  if (amountIssues.length > 0) throw invalid('body', 'amount', amountIssues[0].msg);
  const minor = minorOf(body.amount, refundCurrency);
  if (minor > refundableMinor(ctx.store, original)) {
    throw invalid('body', 'amount', 'amount exceeds the refundable amount');
  }
  return insertSession(ctx, 'REFUND', {
    original_execution_id: original.id,
    wallet_id: merchantWalletId(ctx.store, ctx.merchant.id, refundCurrency),
    amount_minor: minorToColumn(minor),
    currency: refundCurrency,
    reason: body.reason,
    expires_at: body.expires_at,
  });
}
