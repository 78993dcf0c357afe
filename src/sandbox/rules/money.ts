/**
 * Money inside the sandbox is a bigint of minor units. Amounts arrive as decimal text (the raw digits
 * of a JSON number, kept by lossless-json, or a query string) and leave as decimal text: nothing here
 * passes through a float.
 */

export const CURRENCIES = ['USD', 'LRD', 'RWF'] as const;
export type Currency = (typeof CURRENCIES)[number];

const MINOR_UNITS: Record<Currency, number> = { USD: 2, LRD: 2, RWF: 0 };

export function isCurrency(value: string): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value);
}

export function minorUnitsOf(currency: Currency): number {
  return MINOR_UNITS[currency];
}

/** A JSON number in decimal or exponent form: "250", "250.00", "-1.5", "2.5e2". */
const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** An exact decimal: value = digits / 10^scale. */
export interface ExactDecimal {
  readonly digits: bigint;
  readonly scale: number;
}

/** Parses number text exactly, or returns undefined when it is not a number. */
export function parseDecimal(text: string): ExactDecimal | undefined {
  const match = NUMBER_TEXT.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const exponent = Number(exponentText);
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 100) return undefined;
  let digits = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  // Trailing zeros carry no precision: "250.00" RWF is a whole number of francs.
  while (scale > 0 && digits % 10n === 0n) {
    digits /= 10n;
    scale -= 1;
  }
  return { digits: sign === '-' ? -digits : digits, scale };
}

export type MinorUnitsResult =
  | { readonly ok: true; readonly minor: bigint }
  | { readonly ok: false; readonly reason: 'not_a_number' | 'too_many_decimals' };

/** "250.5" USD -> 25050n; "250.5" RWF -> too_many_decimals. */
export function toMinorUnits(text: string, currency: Currency): MinorUnitsResult {
  const decimal = parseDecimal(text);
  if (!decimal) return { ok: false, reason: 'not_a_number' };
  const exponent = minorUnitsOf(currency);
  if (decimal.scale > exponent) return { ok: false, reason: 'too_many_decimals' };
  return { ok: true, minor: decimal.digits * 10n ** BigInt(exponent - decimal.scale) };
}

/** 25050n USD -> "250.50": always the currency's number of decimals. */
export function formatMinorUnits(minor: bigint, currency: Currency): string {
  const exponent = minorUnitsOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}

/** numerator / denominator rounded half away from zero to an integer. */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError('denominator must be positive');
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -quotient : quotient;
}

/** A number of minor units from the database (an integer column) as a bigint, refusing any loss. */
export function minorFromColumn(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  throw new TypeError(`not an exact integer amount: ${String(value)}`);
}

/** A bigint of minor units as a value for an integer column, refusing any loss. */
export function minorToColumn(value: bigint): number {
  const asNumber = Number(value);
  if (!Number.isSafeInteger(asNumber)) throw new RangeError(`amount too large: ${value}`);
  return asNumber;
}
