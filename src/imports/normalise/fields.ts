import Decimal from 'decimal.js';
import { isEmail } from 'class-validator';
import { type CurrencyCode, isCurrencyCode, MARKETS, type MarketCode } from '../../money/currency';
import type { FeeBearer } from '../../dollr/types/enums';
import { normalisePeriod } from './period';
import { headerKey } from '../profiles/header-key';

/** One field read from its cell: the normalised value, or why it cannot be used. */
export type FieldResult<T> = { readonly ok: true; readonly value: T } | FieldProblem;
export interface FieldProblem {
  readonly ok: false;
  readonly message: string;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const problem = (message: string): FieldProblem => ({ ok: false, message });

/** Whitespace other than single inner spaces. */
const UNCLEAN_SPACE = /[^\S ]| {2}|^ | $/;

/** Trimmed, inner runs of spaces collapsed; null when blank. */
export function cleanText(text: string): string | null {
  // Most cells are clean already: keep the cell's own string rather than a copy.
  if (!UNCLEAN_SPACE.test(text)) return text === '' ? null : text;
  const cleaned = text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

export function parseTextField(text: string, maxLength: number): FieldResult<string | null> {
  const cleaned = cleanText(text);
  if (cleaned !== null && cleaned.length > maxLength) {
    return problem(`is longer than ${maxLength} characters`);
  }
  return ok(cleaned);
}

/** A pay period: a month in its one form (`YYYY-MM`), anything else as written. */
export function parsePeriod(text: string): FieldResult<string | null> {
  const parsed = parseTextField(text, 64);
  return parsed.ok && parsed.value !== null ? ok(normalisePeriod(parsed.value)) : parsed;
}

const COUNTRY_NAMES: Record<string, MarketCode> = {
  lr: 'LR',
  lbr: 'LR',
  liberia: 'LR',
  rw: 'RW',
  rwa: 'RW',
  rwanda: 'RW',
};

const BLANK = /^[\s\u00a0]*$/;

export function parseCountry(text: string): FieldResult<MarketCode | null> {
  if (BLANK.test(text)) return ok(null);
  const key = headerKey(text);
  if (key === '') return ok(null);
  const market = COUNTRY_NAMES[key];
  return market === undefined
    ? problem('is not a supported market: mobile money works in Liberia (LR) and Rwanda (RW)')
    : ok(market);
}

const CURRENCY_NAMES: Record<string, CurrencyCode> = {
  usd: 'USD',
  us: 'USD',
  usdollar: 'USD',
  usdollars: 'USD',
  lrd: 'LRD',
  liberiandollar: 'LRD',
  liberiandollars: 'LRD',
  rwf: 'RWF',
  frw: 'RWF',
  rwandanfranc: 'RWF',
  rwandanfrancs: 'RWF',
};

export function parseCurrency(text: string): FieldResult<CurrencyCode | null> {
  const upper = text.trim().toUpperCase();
  if (isCurrencyCode(upper)) return ok(upper);
  const key = headerKey(text.replace('$', 'd'));
  if (key === '') return ok(null);
  const currency = CURRENCY_NAMES[key];
  return currency === undefined
    ? problem('is not a currency Dollr pays in: USD, LRD or RWF')
    : ok(currency);
}

/** The currency must be one the market's mobile money wallets hold. */
export function currencyInMarket(currency: CurrencyCode, market: MarketCode): FieldProblem | null {
  const accepted: readonly CurrencyCode[] = MARKETS[market].currencies;
  return accepted.includes(currency)
    ? null
    : problem(
        `is not paid in ${MARKETS[market].name}: use ${accepted.join(' or ')} for ${MARKETS[market].name}`,
      );
}

export type MobileMoneyMethod =
  'MTN_MOMO_LBR' | 'ORANGE_MONEY_LBR' | 'AIRTEL_RWA' | 'MTN_MOMO_RWA' | 'ORANGE_MONEY_RWA';

const METHODS: Record<MarketCode, Record<string, MobileMoneyMethod>> = {
  LR: { mtn: 'MTN_MOMO_LBR', orange: 'ORANGE_MONEY_LBR', lonestar: 'MTN_MOMO_LBR' },
  RW: { mtn: 'MTN_MOMO_RWA', airtel: 'AIRTEL_RWA', orange: 'ORANGE_MONEY_RWA' },
};
const METHOD_CODES: Record<string, MobileMoneyMethod> = {
  mtnmomolbr: 'MTN_MOMO_LBR',
  orangemoneylbr: 'ORANGE_MONEY_LBR',
  airtelrwa: 'AIRTEL_RWA',
  mtnmomorwa: 'MTN_MOMO_RWA',
  orangemoneyrwa: 'ORANGE_MONEY_RWA',
};

/** "MTN", "MTN MoMo", "Orange Money", "Airtel" or a Dollr method code, for the row's market. */
export function parseMethod(
  text: string,
  market: MarketCode | null,
): FieldResult<MobileMoneyMethod | null> {
  if (BLANK.test(text)) return ok(null);
  const key = headerKey(text);
  if (key === '') return ok(null);
  const code = METHOD_CODES[key];
  if (code !== undefined) {
    const codeMarket: MarketCode = code.endsWith('_LBR') ? 'LR' : 'RW';
    if (market !== null && codeMarket !== market) {
      return problem(
        `is a ${MARKETS[codeMarket].name} method but the payee is in ${MARKETS[market].name}`,
      );
    }
    return ok(code);
  }
  const operator = ['mtn', 'orange', 'airtel', 'lonestar'].find((name) => key.startsWith(name));
  if (operator === undefined) {
    return problem('is not a mobile money method: use MTN, Orange or Airtel (or leave it empty)');
  }
  if (market === null)
    return problem("needs the payee's country to choose the mobile money method");
  const method = METHODS[market][operator];
  return method === undefined
    ? problem(`is not a mobile money operator in ${MARKETS[market].name}`)
    : ok(method);
}

const FEE_BEARER_NAMES: Record<string, FeeBearer> = {
  payer: 'PAYER',
  customer: 'PAYER',
  client: 'PAYER',
  payee: 'PAYEE',
  merchant: 'PAYEE',
  us: 'PAYEE',
  we: 'PAYEE',
};

export function parseFeeBearer(text: string): FieldResult<FeeBearer | null> {
  if (BLANK.test(text)) return ok(null);
  const key = headerKey(text);
  if (key === '') return ok(null);
  const bearer = FEE_BEARER_NAMES[key];
  return bearer === undefined
    ? problem('must be PAYER (the customer pays the fees) or PAYEE (you pay them)')
    : ok(bearer);
}

export function parseEmail(text: string): FieldResult<string | null> {
  const cleaned = cleanText(text);
  if (cleaned === null) return ok(null);
  return isEmail(cleaned) ? ok(cleaned.toLowerCase()) : problem('is not an email address');
}

/** A quantity: positive, at most 4 decimals; blank means 1. */
export function parseQuantity(value: string): FieldResult<string> {
  const quantity = new Decimal(value);
  if (quantity.lte(0)) return problem('must be more than zero');
  if (quantity.decimalPlaces() > 4) return problem('has more than 4 decimals');
  return ok(quantity.toFixed());
}
