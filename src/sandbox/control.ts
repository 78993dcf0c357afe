import { advanceClock, resetClock, sandboxNow, setClock } from './clock';
import type { FaultState } from './fault-state';
import { ApiError, invalidAt, notFound, validationError } from './http/errors';
import { isoTime } from './http/json';
import type { Route } from './http/router';
import type { ResolvedOptions } from './options';
import { type ExecutionRow } from './resources/execution-store';
import {
  allMerchants,
  findMerchant,
  merchantWalletId,
  openMerchantWallets,
} from './resources/merchants';
import {
  findPaymentAccount,
  type PaymentAccountRow,
  presentPaymentAccount,
} from './resources/payment-accounts';
import { settleDue, settleExecution } from './resources/settlement';
import { markPaid, setSourceStatus, type SourceRow, sourceTotal } from './resources/sources';
import { adjustBalance, presentWallet, setBalance, type WalletRow } from './resources/wallets';
import { PAYMENT_METHODS, type PaymentMethod, METHOD_ROUTES } from './rules/enums';
import { describeFaults, FaultSyntaxError, parseDurationMs } from './rules/faults';
import { formatRate, quote } from './rules/fees';
import { type Currency, formatMinorUnits, minorFromColumn, toMinorUnits } from './rules/money';
import { GATEWAY_MESSAGES } from './rules/phones';
import {
  bool,
  currency,
  type Output,
  oneOf,
  optional,
  type Schema,
  text,
  validateFields,
} from './rules/validation';
import type { Store } from './store/store';
import { WORLD_TABLES } from './store/schema';

/** What a `/__sandbox` control handler sees. Control endpoints need no token and see no faults. */
export interface ControlContext {
  readonly store: Store;
  readonly options: ResolvedOptions;
  readonly faults: FaultState;
  readonly now: number;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export type ControlHandler = (ctx: ControlContext) => unknown;

function bodyOf<S extends Schema>(ctx: ControlContext, schema: S): Output<S> {
  const body = typeof ctx.body === 'object' && ctx.body !== null ? ctx.body : {};
  const result = validateFields(body as Record<string, unknown>, schema, ['body'], {
    strict: false,
    textual: false,
  });
  if (result.issues.length > 0) throw validationError(result.issues);
  return result.value as Output<S>;
}

function merchantIdFor(ctx: ControlContext, clientId: string | undefined): number {
  const id = clientId ?? ctx.options.credentials[0].clientId;
  const merchant = findMerchant(ctx.store, id);
  if (!merchant) throw notFound(`Merchant ${id}`);
  return merchant.id;
}

function updateFaults(ctx: ControlContext): unknown {
  try {
    if (typeof ctx.body === 'string') ctx.faults.update(ctx.body);
    else if (typeof ctx.body === 'object' && ctx.body !== null && !Array.isArray(ctx.body)) {
      ctx.faults.update(ctx.body as Record<string, unknown>);
    } else throw new FaultSyntaxError('send a JSON object of faults or a "key=value,..." string');
  } catch (error) {
    if (error instanceof FaultSyntaxError) throw new ApiError(422, { detail: error.message });
    throw error;
  }
  return describeFaults(ctx.faults.settings);
}

function ledger(ctx: ControlContext): unknown {
  settleDue(ctx.store, ctx.now);
  const clientId = ctx.query.client_id;
  const merchantId = clientId === undefined ? null : merchantIdFor(ctx, clientId);
  const merchants = new Map(allMerchants(ctx.store).map((m) => [m.id, m.clientId]));
  const executions = ctx.store.all<ExecutionRow>(
    'SELECT * FROM executions WHERE (? IS NULL OR merchant_id = ?) ORDER BY id',
    merchantId,
    merchantId,
  );
  const wallets = ctx.store.all<WalletRow>(
    'SELECT * FROM wallets WHERE (? IS NULL OR merchant_id = ?) ORDER BY id',
    merchantId,
    merchantId,
  );
  return {
    executions: executions.map((row) => ({
      reference_id: row.reference_id,
      merchant: merchants.get(row.merchant_id) ?? null,
      operation: row.operation,
      amount: formatMinorUnits(minorFromColumn(row.amount_minor), row.currency),
      currency: row.currency,
      phone: row.phone,
      session_id: row.session_id,
      payment_account_id: row.payment_account_id,
      status: row.status,
      gateway_message: row.gateway_message,
      requests: row.requests,
      effects: row.effects,
      payer_amount: formatMinorUnits(minorFromColumn(row.payer_amount_minor), row.payer_currency),
      payer_currency: row.payer_currency,
      payee_amount: formatMinorUnits(minorFromColumn(row.payee_amount_minor), row.payee_currency),
      payee_currency: row.payee_currency,
      created_at: isoTime(row.created_at),
    })),
    wallets: wallets.map((wallet) => presentWallet(ctx.store, wallet)),
  };
}

function reset(ctx: ControlContext): unknown {
  for (const table of WORLD_TABLES) ctx.store.run(`DELETE FROM ${table}`);
  resetClock(ctx.store);
  const verified = ctx.options.merchantVerified ?? true;
  ctx.store.run('UPDATE merchants SET verified = ?', verified ? 1 : 0);
  for (const merchant of allMerchants(ctx.store)) {
    openMerchantWallets(ctx.store, merchant.id, ctx.options);
  }
  ctx.faults.clear();
  ctx.faults.traffic.clear();
  return { reset: true };
}

/**
 * `GET /__sandbox/traffic?since=ISO`: the requests this sandbox process saw in each second (real
 * time, the last hour at most), by merchant (or caller address for the token request), with how
 * many were answered 429, and the busiest second for each.
 */
function traffic(ctx: ControlContext): unknown {
  const since = ctx.query.since === undefined ? 0 : Date.parse(ctx.query.since);
  if (Number.isNaN(since)) throw invalidAt(['query', 'since'], 'Enter a valid date/time.');
  const seconds = ctx.faults.traffic.since(since);
  const busiest = new Map<string, number>();
  for (const entry of seconds) {
    busiest.set(entry.key, Math.max(busiest.get(entry.key) ?? 0, entry.requests));
  }
  return {
    seconds: seconds.map((entry) => ({
      second: new Date(entry.second * 1000).toISOString(),
      key: entry.key,
      requests: entry.requests,
      rate_limited: entry.rateLimited,
    })),
    busiest_second: Object.fromEntries(busiest),
  };
}

function clockView(ctx: ControlContext): unknown {
  const now = sandboxNow(ctx.store, ctx.options.now);
  return { now: new Date(now).toISOString(), now_ms: now, offset_ms: now - ctx.options.now() };
}

function moveClock(ctx: ControlContext): unknown {
  const body = bodyOf(ctx, { advance: optional(text()), set: optional(text()) });
  if (body.advance !== undefined) {
    try {
      advanceClock(ctx.store, parseDurationMs(body.advance, 1));
    } catch {
      throw invalidAt(['body', 'advance'], 'a duration such as 500ms, 30s, 5m or a number of ms');
    }
  }
  if (body.set !== undefined) {
    const target = Date.parse(body.set);
    if (Number.isNaN(target)) throw invalidAt(['body', 'set'], 'an ISO 8601 timestamp');
    setClock(ctx.store, ctx.options.now, target);
  }
  const now = sandboxNow(ctx.store, ctx.options.now);
  settleDue(ctx.store, now);
  return clockView(ctx);
}

function setVerified(ctx: ControlContext): unknown {
  const body = bodyOf(ctx, { verified: bool() });
  const merchantId = merchantIdFor(ctx, ctx.params.client_id);
  ctx.store.update('merchants', merchantId, { verified: body.verified ? 1 : 0 });
  return { client_id: ctx.params.client_id, verified: body.verified };
}

function setWalletBalance(ctx: ControlContext): unknown {
  const body = bodyOf(ctx, { client_id: optional(text()), currency: currency(), balance: text() });
  const merchantId = merchantIdFor(ctx, body.client_id);
  const minor = toMinorUnits(body.balance, body.currency);
  if (!minor.ok || minor.minor < 0n) {
    throw invalidAt(['body', 'balance'], `a non-negative ${body.currency} amount`);
  }
  const walletId = merchantWalletId(ctx.store, merchantId, body.currency);
  setBalance(ctx.store, walletId, minor.minor);
  const wallet = ctx.store.get<WalletRow>(
    'SELECT * FROM wallets WHERE id = ?',
    walletId,
  ) as WalletRow;
  return presentWallet(ctx.store, wallet);
}

function defaultHostedMethod(currencyCode: Currency): PaymentMethod {
  return currencyCode === 'RWF' ? 'MTN_MOMO_RWA' : 'MTN_MOMO_LBR';
}

/** §11.19: the hosted page has no API, so its outcome is set here. */
function settleHostedSource(ctx: ControlContext): unknown {
  const body = bodyOf(ctx, {
    outcome: oneOf(['PROCESSING', 'PAID', 'FAILED', 'ABANDONED'] as const),
    payment_method: optional(oneOf(PAYMENT_METHODS)),
    currency: optional(currency()),
  });
  const id = Number(ctx.params.source_id);
  const source = ctx.store.get<SourceRow>('SELECT * FROM sources WHERE id = ?', id);
  if (!source) throw notFound('Source');
  const refuse = (): never => {
    throw new ApiError(409, {
      detail: `source is ${source.status}; cannot settle as ${body.outcome}`,
    });
  };
  switch (body.outcome) {
    case 'PROCESSING':
      if (source.status !== 'ACTIVE') refuse();
      setSourceStatus(ctx.store, source.id, 'PROCESSING', ctx.now);
      break;
    case 'FAILED':
      if (source.status !== 'ACTIVE' && source.status !== 'PROCESSING') refuse();
      setSourceStatus(ctx.store, source.id, 'ACTIVE', ctx.now);
      break;
    case 'ABANDONED':
      if (source.status !== 'ACTIVE' && source.status !== 'PROCESSING') refuse();
      setSourceStatus(ctx.store, source.id, 'ACTIVE', ctx.now);
      break;
    case 'PAID': {
      if (source.status !== 'ACTIVE' && source.status !== 'PROCESSING') refuse();
      const payerCurrency = body.currency ?? source.currency;
      const method = body.payment_method ?? defaultHostedMethod(payerCurrency);
      const q = quote({
        baseMinor: sourceTotal(ctx.store, source),
        baseCurrency: source.currency,
        targetCurrency: payerCurrency,
        method,
        operation: 'COLLECTION',
        feeBearer: source.fee_bearer,
      });
      adjustBalance(
        ctx.store,
        merchantWalletId(ctx.store, source.merchant_id, q.payeeCurrency),
        q.payeeMinor,
      );
      markPaid(
        ctx.store,
        source,
        {
          referenceId: null,
          payerMinor: q.payerMinor,
          payerCurrency: q.payerCurrency,
          payeeMinor: q.payeeMinor,
          payeeCurrency: q.payeeCurrency,
          fxRate: formatRate(q.rate),
          platformFeeMinor: q.platformFeeMinor,
          gatewayFeeMinor: q.gatewayFeeMinor,
          fxFeeMinor: q.fxFeeMinor,
          method,
          provider: METHOD_ROUTES[method].provider,
          providerTransactionId: `HOSTED-${source.hosted_token ?? source.id}`,
        },
        ctx.now,
      );
      break;
    }
  }
  const after = ctx.store.get<SourceRow>('SELECT * FROM sources WHERE id = ?', id) as SourceRow;
  return { source_id: after.id, source_type: after.type, status: after.status };
}

/** Settles an execution now: card 3DS results, the "manual" test numbers, or any override. */
function settleExecutionNow(ctx: ControlContext): unknown {
  settleDue(ctx.store, ctx.now);
  const body = bodyOf(ctx, {
    outcome: oneOf(['COMPLETED', 'FAILED'] as const),
    gateway_message: optional(text()),
    client_id: optional(text()),
  });
  const merchantId = merchantIdFor(ctx, body.client_id);
  const execution = ctx.store.get<ExecutionRow>(
    'SELECT * FROM executions WHERE reference_id = ? AND merchant_id = ?',
    (ctx.params.reference_id ?? '').toLowerCase(),
    merchantId,
  );
  if (!execution) throw notFound('Execution');
  if (execution.settled_at !== null) {
    throw new ApiError(409, { detail: `execution is already ${execution.status}` });
  }
  const fallback =
    body.outcome === 'COMPLETED'
      ? GATEWAY_MESSAGES.completed
      : execution.method === 'CREDIT_CARD'
        ? GATEWAY_MESSAGES.cardDeclined
        : GATEWAY_MESSAGES.operatorError;
  const settled = settleExecution(ctx.store, execution, {
    outcome: body.outcome,
    message: body.gateway_message ?? fallback,
    at: ctx.now,
  });
  return { reference_id: settled.reference_id, status: settled.status, effects: settled.effects };
}

/**
 * Dollr can deactivate a payment account (`is_active: false`); the API has no call for it, so this
 * hook stands in. Sessions and executions then refuse the account (422 `payment account is not
 * active` on its field) and `payment-accounts/create` makes a new one instead of reusing it.
 */
function deactivatePaymentAccount(ctx: ControlContext): unknown {
  const body = bodyOf(ctx, { client_id: optional(text()) });
  const merchantId = merchantIdFor(ctx, body.client_id);
  const account = findPaymentAccount(ctx.store, merchantId, Number(ctx.params.account_id));
  if (!account) throw notFound('Payment account');
  if (account.is_active === 1) {
    ctx.store.update('payment_accounts', account.id, { is_active: 0, updated_at: ctx.now });
  }
  return presentPaymentAccount(
    findPaymentAccount(ctx.store, merchantId, account.id) as PaymentAccountRow,
  );
}

/** Every payment account of a merchant (the API can only create them), oldest first. */
function listPaymentAccounts(ctx: ControlContext): unknown {
  const merchantId = merchantIdFor(ctx, ctx.query.client_id);
  const party = ctx.query.party_id;
  if (party !== undefined && !/^\d+$/.test(party)) {
    throw invalidAt(['query', 'party_id'], 'a party id');
  }
  const partyId = party === undefined ? null : Number(party);
  return ctx.store
    .all<PaymentAccountRow>(
      `SELECT * FROM payment_accounts WHERE merchant_id = ? AND (? IS NULL OR party_id = ?)
        ORDER BY id`,
      merchantId,
      partyId,
      partyId,
    )
    .map(presentPaymentAccount);
}

export const CONTROL_ROUTES: readonly Route<ControlHandler>[] = [
  { method: 'GET', path: '/__sandbox/health', handler: () => ({ status: 'ok' }) },
  {
    method: 'GET',
    path: '/__sandbox/faults',
    handler: (ctx) => describeFaults(ctx.faults.settings),
  },
  { method: 'PUT', path: '/__sandbox/faults', handler: updateFaults },
  {
    method: 'DELETE',
    path: '/__sandbox/faults',
    handler: (ctx) => describeFaults(ctx.faults.clear()),
  },
  { method: 'GET', path: '/__sandbox/ledger', handler: ledger },
  { method: 'POST', path: '/__sandbox/reset', handler: reset },
  { method: 'GET', path: '/__sandbox/traffic', handler: traffic },
  { method: 'GET', path: '/__sandbox/clock', handler: clockView },
  { method: 'POST', path: '/__sandbox/clock', handler: moveClock },
  { method: 'PUT', path: '/__sandbox/merchants/:client_id', handler: setVerified },
  { method: 'PUT', path: '/__sandbox/wallets', handler: setWalletBalance },
  { method: 'POST', path: '/__sandbox/sources/:source_id/settle', handler: settleHostedSource },
  {
    method: 'POST',
    path: '/__sandbox/executions/:reference_id/settle',
    handler: settleExecutionNow,
  },
  { method: 'GET', path: '/__sandbox/payment-accounts', handler: listPaymentAccounts },
  {
    method: 'POST',
    path: '/__sandbox/payment-accounts/:account_id/deactivate',
    handler: deactivatePaymentAccount,
  },
];
