import metadata from 'libphonenumber-js/metadata.max.json';
import { MARKETS, type MarketCode } from './currency';

/**
 * Mobile money phone numbers of the supported markets, as E.164 digits without `+`
 * ("231886123456").
 *
 * Numbers are checked against libphonenumber-js's own metadata (the national mobile pattern and
 * lengths of each market). Calling `parsePhoneNumber` for every row costs ~15 µs, more than the
 * rest of an import row together; matching the same patterns directly gives the same answers (see
 * phone.spec.ts, which cross-checks with libphonenumber-js) at a fraction of the cost.
 */

export type PhoneProblem =
  | 'missing'
  | 'excel-number'
  | 'not-a-phone'
  | 'needs-country'
  | 'unsupported-country'
  | 'other-market'
  | 'not-mobile';

export type PhoneResult =
  | { readonly ok: true; readonly phone: string; readonly market: MarketCode }
  | { readonly ok: false; readonly problem: PhoneProblem; readonly message: string };

interface MobilePlan {
  readonly market: MarketCode;
  readonly callingCode: string;
  readonly nationalPrefix: string;
  readonly mobile: RegExp;
}

type MinifiedPlan = readonly unknown[];

function planOf(market: MarketCode): MobilePlan {
  const plan = (metadata.countries as Record<string, MinifiedPlan | undefined>)[market];
  const callingCode = plan?.[0];
  const nationalPrefix = plan?.[5];
  const types = plan?.[11];
  const mobile = Array.isArray(types) ? (types[1] as unknown) : undefined;
  const pattern = Array.isArray(mobile) ? (mobile[0] as unknown) : undefined;
  if (
    typeof callingCode !== 'string' ||
    typeof nationalPrefix !== 'string' ||
    typeof pattern !== 'string'
  ) {
    throw new Error(`libphonenumber-js metadata has no mobile numbering plan for ${market}`);
  }
  return { market, callingCode, nationalPrefix, mobile: new RegExp(`^(?:${pattern})$`) };
}

const PLANS: readonly MobilePlan[] = (Object.keys(MARKETS) as MarketCode[]).map(planOf);

const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;
const DECIMAL_NUMBER = /^\d+[.,]\d+$/;
const SEPARATORS = /[\s\u00a0\u202f().\-/]/g;
const DIGITS = /^\+?\d+$/;

function marketName(market: MarketCode): string {
  return MARKETS[market].name;
}

const SUPPORTED = PLANS.map((p) => `${marketName(p.market)} +${p.callingCode}`).join(', ');

function fail(problem: PhoneProblem, message: string): PhoneResult {
  return { ok: false, problem, message };
}

function nationalMatch(plan: MobilePlan, national: string): boolean {
  if (plan.mobile.test(national)) return true;
  // "+231 (0)886 …" and "0886…": drop the trunk prefix once.
  return (
    national.startsWith(plan.nationalPrefix) &&
    plan.mobile.test(national.slice(plan.nationalPrefix.length))
  );
}

function nationalPart(plan: MobilePlan, national: string): string {
  return plan.mobile.test(national) ? national : national.slice(plan.nationalPrefix.length);
}

function fromInternational(digits: string, country: MarketCode | undefined): PhoneResult {
  const plan = PLANS.find((p) => digits.startsWith(p.callingCode));
  if (plan === undefined) {
    return fail(
      'unsupported-country',
      `is not a phone number of a supported mobile money market (${SUPPORTED})`,
    );
  }
  const national = digits.slice(plan.callingCode.length);
  if (!nationalMatch(plan, national)) {
    return fail('not-mobile', `is not a valid ${marketName(plan.market)} mobile number`);
  }
  if (country !== undefined && country !== plan.market) {
    return fail(
      'other-market',
      `is a ${marketName(plan.market)} number (+${plan.callingCode}) but the country is ${marketName(country)}`,
    );
  }
  return { ok: true, phone: plan.callingCode + nationalPart(plan, national), market: plan.market };
}

/**
 * Reads a phone number as typed in a spreadsheet: local ("0886 123 456", "0770-123-457") in the
 * given country, or international ("+231 77 012 3456", "00250788123456", "250788123456").
 */
export function normaliseMobilePhone(input: string, country?: MarketCode): PhoneResult {
  const text = input.trim();
  if (text === '') return fail('missing', 'is missing');
  if (SCIENTIFIC.test(text) || DECIMAL_NUMBER.test(text)) {
    return fail(
      'excel-number',
      'was turned into a number by Excel (scientific notation or decimals), so digits are lost: format the column as Text and enter the numbers again',
    );
  }
  const stripped = text.replace(SEPARATORS, '');
  if (!DIGITS.test(stripped)) return fail('not-a-phone', 'is not a phone number');

  if (stripped.startsWith('+')) return fromInternational(stripped.slice(1), country);
  if (stripped.startsWith('00')) return fromInternational(stripped.slice(2), country);
  if (country === undefined) {
    if (PLANS.some((p) => stripped.startsWith(p.callingCode))) {
      return fromInternational(stripped, undefined);
    }
    return fail(
      'needs-country',
      'has no country code, and the row has no country: add the country code (+231, +250), a country column, or choose a country',
    );
  }
  const plan = PLANS.find((p) => p.market === country);
  if (plan === undefined) return fail('unsupported-country', 'is not in a supported market');
  if (nationalMatch(plan, stripped)) {
    return { ok: true, phone: plan.callingCode + nationalPart(plan, stripped), market: country };
  }
  if (PLANS.some((p) => stripped.startsWith(p.callingCode))) {
    return fromInternational(stripped, country);
  }
  return fail('not-mobile', `is not a valid ${marketName(country)} mobile number`);
}
