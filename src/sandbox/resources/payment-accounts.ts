import type { MerchantContext } from '../context';
import { parseBody, parseQuery, Reply } from '../context';
import { isoTime } from '../http/json';
import {
  isMobileMoney,
  isValidPair,
  METHOD_ROUTES,
  OPERATION_TYPES,
  type OperationType,
  PAYMENT_METHODS,
  type PaymentMethod,
  PROVIDERS,
  type Provider,
} from '../rules/enums';
import { accountsDeactivatedOnUse, predictMobileMoneyMethod } from '../rules/phones';
import { type Issue, issue, oneOf, optional, phone, text, integerId } from '../rules/validation';
import type { Store } from '../store/store';
import { requireParty } from './parties';

export interface PaymentAccountRow {
  id: number;
  merchant_id: number;
  party_id: number;
  operation_type: OperationType;
  method: PaymentMethod;
  provider: Provider;
  account_name: string | null;
  country_code: string | null;
  account_number: string | null;
  is_active: number;
  created_at: number;
  updated_at: number;
}

export function presentPaymentAccount(row: PaymentAccountRow): Record<string, unknown> {
  return {
    id: row.id,
    party_id: row.party_id,
    account_name: row.account_name,
    method: row.method,
    provider: row.provider,
    operation_type: row.operation_type,
    country_code: row.country_code,
    insensitive_account_number: row.account_number,
    is_active: row.is_active === 1,
    created_at: isoTime(row.created_at),
    updated_at: isoTime(row.updated_at),
  };
}

export function findPaymentAccount(
  store: Store,
  merchantId: number,
  id: number,
): PaymentAccountRow | undefined {
  return store.get<PaymentAccountRow>(
    'SELECT * FROM payment_accounts WHERE id = ? AND merchant_id = ?',
    id,
    merchantId,
  );
}

/**
 * The examples send a MoMo method name as `provider` (dollr-api.md §9.1): accepted as an alias of
 * PAWAPAY only when strict types are off.
 */
function providerRule(strict: boolean) {
  return strict ? oneOf(PROVIDERS) : oneOf([...PROVIDERS, ...PAYMENT_METHODS]);
}

function normaliseProvider(provider: string, method: PaymentMethod): string {
  return provider === method && isMobileMoney(method) ? 'PAWAPAY' : provider;
}

export function handleCreatePaymentAccount(ctx: MerchantContext): unknown {
  const { operation_type: operation } = parseQuery(ctx, { operation_type: oneOf(OPERATION_TYPES) });
  const body = parseBody(
    ctx,
    {
      account_name: optional(text()),
      provider: providerRule(ctx.options.strictTypes),
      method: oneOf(PAYMENT_METHODS),
      party_id: integerId(),
      country_code: optional(text({ minLength: 2, maxLength: 2 })),
      insensitive_account_number: optional(phone()),
    },
    (value) => accountIssues(value),
  );
  const party = requireParty(ctx, body.party_id);
  const provider = normaliseProvider(body.provider, body.method) as Provider;
  const number = body.insensitive_account_number ?? null;
  // MoMo accounts are reused per party + number + method + operation; cards get a new one each time.
  if (number !== null) {
    const existing = ctx.store.get<PaymentAccountRow>(
      `SELECT * FROM payment_accounts WHERE merchant_id = ? AND party_id = ? AND method = ?
         AND account_number = ? AND operation_type = ? AND is_active = 1`,
      ctx.merchant.id,
      party.id,
      body.method,
      number,
      operation,
    );
    if (existing) return presentPaymentAccount(existing);
  }
  const route = METHOD_ROUTES[body.method];
  const id = ctx.store.insert('payment_accounts', {
    merchant_id: ctx.merchant.id,
    party_id: party.id,
    operation_type: operation,
    method: body.method,
    provider,
    account_name: body.account_name ?? null,
    country_code:
      body.country_code ?? (route.market === 'LR' || route.market === 'RW' ? route.market : null),
    account_number: number,
    is_active: 1,
    created_at: ctx.now,
    updated_at: ctx.now,
  });
  return presentPaymentAccount(
    findPaymentAccount(ctx.store, ctx.merchant.id, id) as PaymentAccountRow,
  );
}

function accountIssues(value: {
  provider?: string;
  method?: PaymentMethod;
  country_code?: string;
  insensitive_account_number?: string;
}): Issue[] {
  const { method } = value;
  if (method === undefined || value.provider === undefined) return [];
  const provider = normaliseProvider(value.provider, method);
  const issues: Issue[] = [];
  if (
    !(PROVIDERS as readonly string[]).includes(provider) ||
    !isValidPair(method, provider as Provider)
  ) {
    issues.push(issue(['body', 'method'], 'invalid combination'));
    issues.push(issue(['body', 'provider'], 'invalid combination'));
    return issues;
  }
  const number = value.insensitive_account_number;
  if (isMobileMoney(method)) {
    if (number === undefined) {
      issues.push({
        loc: ['body', 'insensitive_account_number'],
        msg: 'field required',
        type: 'value_error.missing',
      });
    } else if (predictMobileMoneyMethod(number) !== method) {
      issues.push(
        issue(['body', 'insensitive_account_number'], `number is not a ${method} wallet`),
      );
    }
    const market = METHOD_ROUTES[method].market;
    if (value.country_code !== undefined && value.country_code !== market) {
      issues.push(issue(['body', 'country_code'], `${method} accounts are in ${market}`));
    }
  } else if (method === 'CREDIT_CARD' && number !== undefined) {
    issues.push(issue(['body', 'insensitive_account_number'], 'must be omitted for card accounts'));
  }
  return issues;
}

/**
 * An account of a number whose accounts Dollr deactivates on use (accountsDeactivatedOnUse): it is
 * made inactive and the request refused as a 422 on `field`, committed (a Reply, not a throw).
 */
export function deactivatedOnUse(
  ctx: MerchantContext,
  account: PaymentAccountRow,
  field: string,
  message: string,
): Reply | null {
  if (account.is_active !== 1 || !accountsDeactivatedOnUse(account.account_number)) return null;
  ctx.store.update('payment_accounts', account.id, { is_active: 0, updated_at: ctx.now });
  return new Reply(422, { detail: [issue(['body', field], message)] });
}
