import { randomBytes } from 'node:crypto';
import type { MerchantContext } from '../context';
import { parseBody, parseQuery, Reply } from '../context';
import { forbidden, invalid, invalidAt, notFound } from '../http/errors';
import { isoTime, money } from '../http/json';
import { METHOD_ROUTES, type OperationType, SOURCE_TYPES } from '../rules/enums';
import { planTimeline, unsettledStatus } from '../rules/execution-timeline';
import { convert, fxRate, quote, type Quote } from '../rules/fees';
import { type Currency, minorFromColumn, minorToColumn } from '../rules/money';
import { GATEWAY_MESSAGES, type PhoneScenario, phoneScenario } from '../rules/phones';
import {
  anyId,
  type Issue,
  isUuidV4,
  currency,
  object,
  optional,
  phone,
  stringId,
  text,
  uuidV4,
  issue,
  integerId,
  oneOf,
} from '../rules/validation';
import { findCounterparty } from './counterparties';
import {
  type ExecutionRow,
  findExecution,
  refundableMinor,
  reloadExecution,
} from './execution-store';
import { merchantWalletId } from './merchants';
import { findParty } from './parties';
import { deactivatedOnUse, findPaymentAccount, type PaymentAccountRow } from './payment-accounts';
import { findSession, requireVerified, SESSION_FOR, type SessionRow } from './sessions';
import { settleExecution } from './settlement';
import { findSource, requireAllowed, sourceTotal, type SourceRow } from './sources';
import { availableMinor, counterpartyWalletId } from './wallets';

export function presentExecution(row: ExecutionRow): Record<string, unknown> {
  return {
    reference_id: row.reference_id,
    status: row.status,
    operation_type: row.operation,
    payer_amount: money(minorFromColumn(row.payer_amount_minor), row.payer_currency),
    payer_currency: row.payer_currency,
    payee_amount: money(minorFromColumn(row.payee_amount_minor), row.payee_currency),
    payee_currency: row.payee_currency,
    platform_fee: money(minorFromColumn(row.platform_fee_minor), row.payer_currency),
    gateway_fee: money(minorFromColumn(row.gateway_fee_minor), row.payer_currency),
    fx_fee: money(minorFromColumn(row.fx_fee_minor), row.payer_currency),
    payment_method: row.method,
    provider: row.provider,
    provider_transaction_id: row.provider_transaction_id,
    requires_action: row.requires_action === 1,
    ...(row.client_secret !== null ? { client_secret: row.client_secret } : {}),
    gateway_message: row.gateway_message,
    payment_intent_id: row.id,
    session_id: row.session_id,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

/** The execution as planned when accepted; the fields `accept` fills in for every operation. */
interface Plan {
  readonly session: SessionRow;
  readonly fingerprint: string;
  readonly paymentAccountId: number | null;
  readonly sourceId: number | null;
  readonly originalExecutionId: number | null;
  readonly phone: string | null;
  readonly method: ExecutionRow['method'];
  readonly provider: ExecutionRow['provider'];
  readonly amountMinor: bigint;
  readonly currency: Currency;
  readonly quote: Quote;
  readonly debitWalletId: number | null;
  readonly debitMinor: bigint;
  readonly creditWalletId: number | null;
  readonly creditMinor: bigint;
  readonly scenario: PhoneScenario;
  readonly card: boolean;
  /** A reason to fail at once (bad passcode, wallet short); the money never moves. */
  readonly failNow?: string;
}

function fingerprint(operation: OperationType, parts: Record<string, string | number>): string {
  return [operation, ...Object.entries(parts).map(([k, v]) => `${k}=${v}`)].join('|');
}

/**
 * The idempotency rule (dollr-api.md §11.22, README decision): a known `reference_id` with the
 * same payload returns the existing execution and moves nothing; with another payload it is a 422.
 * Both count as a request in the ledger.
 */
function replay(ctx: MerchantContext, referenceId: string, print: string): unknown {
  const existing = findExecution(ctx.store, ctx.merchant.id, { referenceId });
  if (!existing) return undefined;
  ctx.store.update('executions', existing.id, { requests: existing.requests + 1 });
  if (existing.fingerprint === print)
    return presentExecution(reloadExecution(ctx.store, existing.id));
  return new Reply(422, {
    detail: [
      issue(['body', 'reference_id'], 'reference_id already exists', 'value_error.duplicate'),
    ],
  });
}

function requireSession(ctx: MerchantContext, id: number, operation: OperationType): SessionRow {
  const session = findSession(ctx.store, ctx.merchant.id, id);
  if (!session || ctx.now >= session.expires_at) {
    throw invalid('body', 'session_id', 'session not found or expired');
  }
  if (session.type !== SESSION_FOR[operation] || session.consumed_by !== null) {
    throw invalid('body', 'session_id', 'session not ACTIVE or wrong operation type');
  }
  return session;
}

function transactionId(method: ExecutionRow['method']): string {
  const random = randomBytes(8).toString('hex');
  if (method === 'CREDIT_CARD') return `pi_${random}`;
  return `${METHOD_ROUTES[method].provider}-${random.toUpperCase()}`;
}

function accept(
  ctx: MerchantContext,
  operation: OperationType,
  referenceId: string,
  plan: Plan,
): unknown {
  const now = ctx.now;
  const timeline = plan.card
    ? { processingAt: now, settleAt: null }
    : planTimeline(now, plan.scenario.pace, ctx.options.timing);
  const transactionRef = transactionId(plan.method);
  const id = ctx.store.insert('executions', {
    merchant_id: ctx.merchant.id,
    reference_id: referenceId,
    operation,
    fingerprint: plan.fingerprint,
    session_id: plan.session.id,
    payment_account_id: plan.paymentAccountId,
    source_id: plan.sourceId,
    original_execution_id: plan.originalExecutionId,
    debit_wallet_id: plan.debitWalletId,
    credit_wallet_id: plan.creditWalletId,
    phone: plan.phone,
    method: plan.method,
    provider: plan.provider,
    amount_minor: minorToColumn(plan.amountMinor),
    currency: plan.currency,
    payer_amount_minor: minorToColumn(plan.quote.payerMinor),
    payer_currency: plan.quote.payerCurrency,
    payee_amount_minor: minorToColumn(plan.quote.payeeMinor),
    payee_currency: plan.quote.payeeCurrency,
    platform_fee_minor: minorToColumn(plan.quote.platformFeeMinor),
    gateway_fee_minor: minorToColumn(plan.quote.gatewayFeeMinor),
    fx_fee_minor: minorToColumn(plan.quote.fxFeeMinor),
    debit_minor: minorToColumn(plan.debitMinor),
    credit_minor: minorToColumn(plan.creditMinor),
    status: unsettledStatus(timeline, now),
    planned_status: plan.scenario.outcome,
    planned_message: plan.scenario.gatewayMessage,
    gateway_message: plan.card ? GATEWAY_MESSAGES.awaitingAction : null,
    requires_action: plan.card ? 1 : 0,
    client_secret: plan.card ? `${transactionRef}_secret_${randomBytes(8).toString('hex')}` : null,
    provider_transaction_id: transactionRef,
    requests: 1,
    effects: 0,
    created_at: now,
    processing_at: timeline.processingAt,
    settle_at: timeline.settleAt,
    settled_at: null,
    updated_at: now,
  });
  ctx.store.update('sessions', plan.session.id, { consumed_by: referenceId });
  let execution = reloadExecution(ctx.store, id);
  if (plan.failNow !== undefined) {
    execution = settleExecution(ctx.store, execution, {
      outcome: 'FAILED',
      message: plan.failNow,
      at: now,
    });
  } else if (plan.sourceId !== null) {
    ctx.store.update('sources', plan.sourceId, { status: 'PROCESSING', updated_at: now });
  }
  return presentExecution(execution);
}

function walletShortfall(
  ctx: MerchantContext,
  walletId: number,
  debit: bigint,
): string | undefined {
  return availableMinor(ctx.store, walletId) < debit
    ? GATEWAY_MESSAGES.walletInsufficient
    : undefined;
}

function requireAccount(
  ctx: MerchantContext,
  id: number,
  field: string,
  operation: OperationType,
): PaymentAccountRow | Reply {
  const account = findPaymentAccount(ctx.store, ctx.merchant.id, id);
  if (!account) throw invalid('body', field, 'payment account not found');
  if (account.operation_type !== operation) {
    throw invalid('body', field, `payment account is not registered for ${operation}`);
  }
  if (account.is_active !== 1) throw invalid('body', field, 'payment account is not active');
  return deactivatedOnUse(ctx, account, field, 'payment account is not active') ?? account;
}

export function handleExecuteCollection(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, {
    session_id: stringId(),
    payment_account_id: stringId(),
    currency: currency(),
    reference_id: uuidV4(),
  });
  const print = fingerprint('COLLECTION', {
    session: body.session_id,
    account: body.payment_account_id,
    currency: body.currency,
  });
  const replayed = replay(ctx, body.reference_id, print);
  if (replayed !== undefined) return replayed;

  const session = requireSession(ctx, body.session_id, 'COLLECTION');
  const source = ctx.store.get<SourceRow>('SELECT * FROM sources WHERE id = ?', session.source_id);
  if (!source) throw invalid('body', 'session_id', 'session not found or expired');
  requireAllowed(source, 'checkout', ['body', 'session_id']);
  const account = requireAccount(ctx, body.payment_account_id, 'payment_account_id', 'COLLECTION');
  if (account instanceof Reply) return account;
  const counterparty = findCounterparty(ctx.store, ctx.merchant.id, source.counterparty_id);
  if (!counterparty || counterparty.party_id !== account.party_id) {
    throw invalid('body', 'payment_account_id', 'payment account is not registered for the party');
  }
  if (!METHOD_ROUTES[account.method].currencies.includes(body.currency)) {
    throw invalid('body', 'currency', `${account.method} does not collect in ${body.currency}`);
  }
  const q = quote({
    baseMinor: sourceTotal(ctx.store, source),
    baseCurrency: source.currency,
    targetCurrency: body.currency,
    method: account.method,
    operation: 'COLLECTION',
    feeBearer: source.fee_bearer,
  });
  const card = account.method === 'CREDIT_CARD';
  return accept(ctx, 'COLLECTION', body.reference_id, {
    session,
    fingerprint: print,
    paymentAccountId: account.id,
    sourceId: source.id,
    originalExecutionId: null,
    phone: account.account_number,
    method: account.method,
    provider: account.provider,
    amountMinor: q.payerMinor,
    currency: body.currency,
    quote: q,
    debitWalletId: null,
    debitMinor: 0n,
    creditWalletId: merchantWalletId(ctx.store, ctx.merchant.id, q.payeeCurrency),
    creditMinor: q.payeeMinor,
    scenario: phoneScenario(account.account_number),
    card,
  });
}

/** Payouts need the merchant's passcode, its phone or user id, and the device (§4.8). */
const passcodeSchema = object({
  token: object(
    {
      code: text({ maxLength: 64 }),
      phone: optional(phone()),
      user_id: optional(anyId()),
    },
    (token, loc): Issue[] =>
      token.phone === undefined && token.user_id === undefined
        ? [
            {
              loc: [...loc, 'phone'],
              msg: 'phone or user_id required',
              type: 'value_error.missing',
            },
          ]
        : [],
  ),
  device: object({
    name: text(),
    type: text(),
    platform: text(),
    user_agent: text(),
    client_ip: text(),
  }),
});

export function handleExecutePayout(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, {
    session_id: stringId(),
    // The docs contradict themselves on its type (dollr-api.md §9.3): both are accepted.
    payout_account_id: anyId(),
    reference_id: uuidV4(),
    passcode: passcodeSchema,
  });
  requireVerified(ctx);
  const print = fingerprint('PAYOUT', {
    session: body.session_id,
    account: body.payout_account_id,
  });
  const replayed = replay(ctx, body.reference_id, print);
  if (replayed !== undefined) return replayed;

  const session = requireSession(ctx, body.session_id, 'PAYOUT');
  if (session.payout_account_id !== body.payout_account_id) {
    throw invalid('body', 'payout_account_id', 'payout_account_id does not match the session');
  }
  const account = requireAccount(ctx, body.payout_account_id, 'payout_account_id', 'PAYOUT');
  if (account instanceof Reply) return account;
  const { token } = body.passcode;
  const merchant = ctx.merchant;
  const passcodeOk =
    token.code === ctx.options.passcode &&
    (token.phone === merchant.phone || String(token.user_id) === merchant.userId);
  if (!passcodeOk && ctx.options.badPasscode === '403') throw forbidden('Invalid passcode');
  const sessionCurrency = session.currency as Currency;
  const q = quote({
    baseMinor: minorFromColumn(session.amount_minor),
    baseCurrency: sessionCurrency,
    targetCurrency: sessionCurrency,
    method: account.method,
    operation: 'PAYOUT',
    feeBearer: 'PAYER',
  });
  const walletId = session.wallet_id as number;
  return accept(ctx, 'PAYOUT', body.reference_id, {
    session,
    fingerprint: print,
    paymentAccountId: account.id,
    sourceId: null,
    originalExecutionId: null,
    phone: account.account_number,
    method: account.method,
    provider: account.provider,
    amountMinor: q.payeeMinor,
    currency: sessionCurrency,
    quote: q,
    debitWalletId: walletId,
    debitMinor: q.payerMinor,
    creditWalletId: null,
    creditMinor: 0n,
    scenario: phoneScenario(account.account_number),
    card: false,
    failNow: passcodeOk
      ? walletShortfall(ctx, walletId, q.payerMinor)
      : GATEWAY_MESSAGES.invalidPasscode,
  });
}

export function handleExecuteTransfer(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, { session_id: stringId(), reference_id: uuidV4() });
  requireVerified(ctx);
  const print = fingerprint('TRANSFER', { session: body.session_id });
  const replayed = replay(ctx, body.reference_id, print);
  if (replayed !== undefined) return replayed;

  const session = requireSession(ctx, body.session_id, 'TRANSFER');
  const sessionCurrency = session.currency as Currency;
  const counterpartyId = session.to_counterparty_id as number;
  const counterparty = findCounterparty(ctx.store, ctx.merchant.id, counterpartyId);
  const party = counterparty && findParty(ctx.store, ctx.merchant.id, counterparty.party_id);
  const q = quote({
    baseMinor: minorFromColumn(session.amount_minor),
    baseCurrency: sessionCurrency,
    targetCurrency: sessionCurrency,
    method: 'WALLET',
    operation: 'TRANSFER',
    feeBearer: 'PAYER',
  });
  const walletId = session.wallet_id as number;
  return accept(ctx, 'TRANSFER', body.reference_id, {
    session,
    fingerprint: print,
    paymentAccountId: null,
    sourceId: null,
    originalExecutionId: null,
    phone: party?.phone ?? null,
    method: 'WALLET',
    provider: 'PLATFORM',
    amountMinor: q.payeeMinor,
    currency: sessionCurrency,
    quote: q,
    debitWalletId: walletId,
    debitMinor: q.payerMinor,
    creditWalletId: counterpartyWalletId(
      ctx.store,
      ctx.merchant.id,
      counterpartyId,
      sessionCurrency,
    ),
    creditMinor: q.payeeMinor,
    // Wallet to wallet: no operator, so the test-number rule does not apply.
    scenario: phoneScenario(null),
    card: false,
    failNow: walletShortfall(ctx, walletId, q.payerMinor),
  });
}

export function handleExecuteRefund(ctx: MerchantContext): unknown {
  const body = parseBody(ctx, { session_id: stringId(), reference_id: uuidV4() });
  requireVerified(ctx);
  const print = fingerprint('REFUND', { session: body.session_id });
  const replayed = replay(ctx, body.reference_id, print);
  if (replayed !== undefined) return replayed;

  const session = requireSession(ctx, body.session_id, 'REFUND');
  const original = findExecution(ctx.store, ctx.merchant.id, {
    id: session.original_execution_id as number,
  }) as ExecutionRow;
  const amountMinor = minorFromColumn(session.amount_minor);
  if (amountMinor > refundableMinor(ctx.store, original)) {
    throw invalid('body', 'session_id', 'refund amount exceeds the refundable amount');
  }
  // The merchant pays back in the collection's payee currency; the customer receives it in the
  // currency they paid in, at the table rate, without fees.
  const customerMinor = convert(
    amountMinor,
    fxRate(original.payee_currency, original.payer_currency),
  );
  const q: Quote = {
    payerMinor: amountMinor,
    payerCurrency: original.payee_currency,
    payeeMinor: customerMinor,
    payeeCurrency: original.payer_currency,
    platformFeeMinor: 0n,
    gatewayFeeMinor: 0n,
    fxFeeMinor: 0n,
    rate: fxRate(original.payee_currency, original.payer_currency),
  };
  const walletId = session.wallet_id as number;
  return accept(ctx, 'REFUND', body.reference_id, {
    session,
    fingerprint: print,
    paymentAccountId: original.payment_account_id,
    sourceId: null,
    originalExecutionId: original.id,
    phone: original.phone,
    method: original.method,
    provider: original.provider,
    amountMinor,
    currency: original.payee_currency,
    quote: q,
    debitWalletId: walletId,
    debitMinor: amountMinor,
    creditWalletId: null,
    creditMinor: 0n,
    scenario: phoneScenario(original.phone),
    card: false,
    failNow: walletShortfall(ctx, walletId, amountMinor),
  });
}

/** `GET /v1/status/{operation}/{reference_id}`: another operation's id is "not found". */
export function statusHandler(operation: OperationType) {
  return (ctx: MerchantContext): unknown => {
    const referenceId = ctx.params.reference_id ?? '';
    if (!isUuidV4(referenceId)) throw invalidAt(['path', 'reference_id'], 'invalid uuid');
    const execution = findExecution(ctx.store, ctx.merchant.id, { referenceId });
    if (!execution || execution.operation !== operation) throw notFound('Execution');
    return presentExecution(execution);
  };
}

export function handleSourceStatus(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, { source_type: oneOf(SOURCE_TYPES), source_id: integerId() });
  const source = findSource(ctx.store, ctx.merchant.id, query.source_type, query.source_id);
  if (!source) throw notFound('Source');
  return {
    source_type: source.type,
    source_id: source.id,
    source_number: source.number,
    status: source.status,
    currency: source.currency,
    total_amount: money(sourceTotal(ctx.store, source), source.currency),
    updated_at: isoTime(source.updated_at),
  };
}
