import type { MerchantContext } from '../context';
import { parseQuery } from '../context';
import { invalidAt, notFound } from '../http/errors';
import { money } from '../http/json';
import {
  FEE_BEARERS,
  isValidPair,
  METHOD_ROUTES,
  OPERATION_TYPES,
  OWNER_TYPES,
  PAYMENT_METHODS,
  type PaymentMethod,
  PROVIDERS,
  type Provider,
  SOURCE_TYPES,
} from '../rules/enums';
import { formatRate, type Quote, quote } from '../rules/fees';
import { type Currency, toMinorUnits } from '../rules/money';
import { phoneCountry, predictMobileMoneyMethod } from '../rules/phones';
import {
  amount,
  amountIssue,
  currency,
  integerId,
  type Issue,
  issue,
  oneOf,
  optional,
  phone,
  text,
} from '../rules/validation';
import { findSource, requireAllowed, sourceTotal } from './sources';

function presentQuote(q: Quote): Record<string, unknown> {
  return {
    payer_amount: money(q.payerMinor, q.payerCurrency),
    payer_currency: q.payerCurrency,
    payee_amount: money(q.payeeMinor, q.payeeCurrency),
    payee_currency: q.payeeCurrency,
    platform_fee: money(q.platformFeeMinor, q.payerCurrency),
    gateway_fee: money(q.gatewayFeeMinor, q.payerCurrency),
    fx_fee: money(q.fxFeeMinor, q.payerCurrency),
    fx_rate: formatRate(q.rate),
    fx_currency_from: q.rate.from,
    fx_currency_to: q.rate.to,
  };
}

/** The method/provider pair and the payer currency the method supports. */
function routeIssues(value: {
  payment_method?: PaymentMethod;
  provider?: Provider;
  target_currency?: Currency;
}): Issue[] {
  const { payment_method: method, provider } = value;
  if (method === undefined || provider === undefined) return [];
  if (!isValidPair(method, provider)) {
    return [
      issue(['query', 'payment_method'], 'invalid combination'),
      issue(['query', 'provider'], 'invalid combination'),
    ];
  }
  const target = value.target_currency;
  if (target !== undefined && !METHOD_ROUTES[method].currencies.includes(target)) {
    return [issue(['query', 'target_currency'], `${method} does not pay in ${target}`)];
  }
  return [];
}

export function handleMmoProviderInfo(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, { phone: phone(), operation_type: oneOf(OPERATION_TYPES) });
  const method = predictMobileMoneyMethod(query.phone);
  if (!method) throw invalidAt(['query', 'phone'], 'no mobile money network for this number');
  return {
    payment_method: method,
    gateway_provider: METHOD_ROUTES[method].provider,
    country_code: phoneCountry(query.phone) ?? null,
  };
}

const CARD_BRANDS: ReadonlyArray<readonly [string, string]> = [
  ['mastercard', 'MASTERCARD'],
  ['amex', 'AMEX'],
  ['discover', 'DISCOVER'],
];

export function handleCardProviderInfo(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, {
    payment_method_id: text(),
    operation_type: oneOf(OPERATION_TYPES),
    provider: oneOf(PROVIDERS),
  });
  if (!query.payment_method_id.startsWith('pm_')) {
    throw invalidAt(['query', 'payment_method_id'], 'not a Stripe payment method id (pm_...)');
  }
  if (query.provider !== 'STRIPE') throw invalidAt(['query', 'provider'], 'invalid combination');
  const id = query.payment_method_id.toLowerCase();
  return {
    payment_method_id: query.payment_method_id,
    brand: CARD_BRANDS.find(([needle]) => id.includes(needle))?.[1] ?? 'VISA',
    country: 'US',
    currencies: METHOD_ROUTES.CREDIT_CARD.currencies,
    payment_method: 'CREDIT_CARD',
    gateway_provider: 'STRIPE',
  };
}

export function handleAmountAndFees(ctx: MerchantContext): unknown {
  const query = parseQuery(
    ctx,
    {
      base_amount: amount(),
      base_currency: currency(),
      target_currency: currency(),
      payment_method: oneOf(PAYMENT_METHODS),
      operation_type: oneOf(OPERATION_TYPES),
      provider: oneOf(PROVIDERS),
      fee_bearer: oneOf(FEE_BEARERS),
      owner_type: optional(oneOf(OWNER_TYPES)),
      owner_id: optional(integerId()),
    },
    (value) => [
      ...routeIssues(value),
      ...(value.base_amount !== undefined && value.base_currency !== undefined
        ? amountIssue(['query', 'base_amount'], value.base_amount, value.base_currency)
        : []),
    ],
  );
  const base = toMinorUnits(query.base_amount, query.base_currency);
  if (!base.ok) throw invalidAt(['query', 'base_amount'], 'invalid amount');
  return presentQuote(
    quote({
      baseMinor: base.minor,
      baseCurrency: query.base_currency,
      targetCurrency: query.target_currency,
      method: query.payment_method,
      operation: query.operation_type,
      feeBearer: query.fee_bearer,
    }),
  );
}

export function handlePaymentSourceAmountAndFees(ctx: MerchantContext): unknown {
  const query = parseQuery(
    ctx,
    {
      source_type: oneOf(SOURCE_TYPES),
      source_id: integerId(),
      target_currency: currency(),
      payment_method: oneOf(PAYMENT_METHODS),
      provider: oneOf(PROVIDERS),
    },
    routeIssues,
  );
  const source = findSource(ctx.store, ctx.merchant.id, query.source_type, query.source_id);
  if (!source) throw notFound('Source');
  requireAllowed(source, 'predict', ['query', 'source_id']);
  return presentQuote(
    quote({
      baseMinor: sourceTotal(ctx.store, source),
      baseCurrency: source.currency,
      targetCurrency: query.target_currency,
      method: query.payment_method,
      operation: 'COLLECTION',
      feeBearer: source.fee_bearer,
    }),
  );
}
