import { type CurrencyCode, minorUnitsOf } from './currency';
import { MAX_MINOR_UNITS } from './amount';

/**
 * Amounts as people type them in spreadsheets ("1,250.50", "1 250,50", "$1,250", "RWF 15,000",
 * Excel number cells) read into exact decimal strings and minor units. Only string arithmetic:
 * no value passes through a float except an Excel number cell, which already is one.
 */

export type DecimalSeparator = '.' | ',';

export type AmountProblem =
  | 'missing'
  | 'not-a-number'
  | 'wrong-separator'
  | 'scientific'
  | 'not-positive'
  | 'too-many-decimals'
  | 'too-large'
  | 'currency-mismatch';

export type ParsedAmount =
  | { readonly ok: true; readonly value: string; readonly currencyHint: CurrencyCode | null }
  | { readonly ok: false; readonly problem: AmountProblem; readonly message: string };

const CURRENCY_MARKERS: readonly [RegExp, CurrencyCode | null][] = [
  [/^US\$|^USD/i, 'USD'],
  [/^L\$|^LRD/i, 'LRD'],
  [/^RWF|^FRW|^RF/i, 'RWF'],
  [/^\$/, null],
];
const SUFFIX_MARKERS: readonly [RegExp, CurrencyCode | null][] = [
  [/(USD|US\$)$/i, 'USD'],
  [/(LRD|L\$)$/i, 'LRD'],
  [/(RWF|FRW|RF)$/i, 'RWF'],
  [/\$$/, null],
];

const SPACES = /[\s\u00a0\u202f]/g;
const SCIENTIFIC = /^\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

const FORMATS: Record<DecimalSeparator, { grouped: RegExp; plain: RegExp; other: string }> = {
  '.': { grouped: /^\d{1,3}(?:[,'’]\d{3})+(?:\.\d+)?$/, plain: /^\d+(?:\.\d+)?$/, other: ',' },
  ',': { grouped: /^\d{1,3}(?:[.'’]\d{3})+(?:,\d+)?$/, plain: /^\d+(?:,\d+)?$/, other: '.' },
};

function fail(problem: AmountProblem, message: string): ParsedAmount {
  return { ok: false, problem, message };
}

function stripMarker(
  text: string,
  markers: readonly [RegExp, CurrencyCode | null][],
): [string, CurrencyCode | null | undefined] {
  for (const [pattern, currency] of markers) {
    if (pattern.test(text)) return [text.replace(pattern, ''), currency];
  }
  return [text, undefined];
}

/**
 * Canonical form of digit strings: no leading zeros, no trailing fractional zeros ("0012.50" ->
 * "12.5").
 */
function canonical(integer: string, fraction: string, negative: boolean): string {
  let start = 0;
  while (start < integer.length - 1 && integer.charCodeAt(start) === ZERO) start += 1;
  let end = fraction.length;
  while (end > 0 && fraction.charCodeAt(end - 1) === ZERO) end -= 1;
  const int = start === 0 ? integer : integer.slice(start);
  const body = end === 0 ? int : `${int}.${fraction.slice(0, end)}`;
  return negative && body !== '0' ? `-${body}` : body;
}

const ZERO = 0x30;

/** Digits with the profile's decimal separator, grouped by its usual thousands separator or not. */
const PLAIN: Record<DecimalSeparator, { pattern: RegExp; group: string }> = {
  '.': { pattern: /^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/, group: ',' },
  ',': { pattern: /^(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d+)?$/, group: '.' },
};

/**
 * The canonical value of an amount written the plain way most cells are ("1250.50", "1,250.50";
 * "1.250,50" with a decimal comma), or null for anything else: parseAmountText's answer for these
 * cells, without its sign, currency and separator checks.
 */
export function parsePlainAmount(text: string, separator: DecimalSeparator): string | null {
  const plain = PLAIN[separator];
  if (!plain.pattern.test(text)) return null;
  const point = text.indexOf(separator);
  let integer = point < 0 ? text : text.slice(0, point);
  if (integer.length > 3 && integer.includes(plain.group)) {
    integer = integer.replaceAll(plain.group, '');
  }
  return canonical(integer, point < 0 ? '' : text.slice(point + 1), false);
}

/** Reads an amount typed as text, with the decimal separator the profile declares. */
export function parseAmountText(input: string, separator: DecimalSeparator): ParsedAmount {
  const plain = parsePlainAmount(input, separator);
  if (plain !== null) return { ok: true, value: plain, currencyHint: null };
  return parseWrittenAmount(input, separator);
}

/**
 * Reads any way of writing an amount: spaces, signs and brackets, currency markers, thousands
 * separators, and says why it is not an amount otherwise.
 */
export function parseWrittenAmount(input: string, separator: DecimalSeparator): ParsedAmount {
  let text = input.replace(SPACES, '');
  if (text === '') return fail('missing', 'is missing');
  let negative = false;
  if (text.startsWith('(') && text.endsWith(')')) {
    negative = true;
    text = text.slice(1, -1);
  }
  if (text.startsWith('-')) {
    negative = true;
    text = text.slice(1);
  } else if (text.endsWith('-')) {
    negative = true;
    text = text.slice(0, -1);
  }
  const [afterPrefix, prefixCurrency] = stripMarker(text, CURRENCY_MARKERS);
  const [body, suffixCurrency] = stripMarker(afterPrefix, SUFFIX_MARKERS);
  if (body.startsWith('-')) {
    negative = true;
    text = body.slice(1);
  } else {
    text = body;
  }
  const currencyHint = prefixCurrency ?? suffixCurrency ?? null;

  if (SCIENTIFIC.test(text)) {
    return fail(
      'scientific',
      'is in scientific notation (Excel shortened it), so the exact amount is lost: format the column as Number and export again',
    );
  }
  const format = FORMATS[separator];
  let integer: string;
  let fraction: string;
  if (format.plain.test(text) || format.grouped.test(text)) {
    const [int = '', frac = ''] = text.split(separator);
    integer = int.replace(/[,.'’]/g, '');
    fraction = frac;
  } else if (FORMATS[format.other as DecimalSeparator].plain.test(text)) {
    return fail(
      'wrong-separator',
      `uses "${format.other}" as the decimal separator, but this profile expects "${separator}" (for example ${separator === '.' ? '1,250.50' : '1.250,50'})`,
    );
  } else {
    return fail('not-a-number', 'is not an amount');
  }
  return { ok: true, value: canonical(integer, fraction, negative), currencyHint };
}

/**
 * Reads an Excel number cell. Excel keeps 15 significant digits and shows values rounded to
 * them, while the file holds the nearest double (0.1 + 0.2 is stored as 0.30000000000000004):
 * rounding to 15 significant digits gives back the value the user sees.
 */
export function parseAmountNumber(value: number): ParsedAmount {
  if (!Number.isFinite(value)) return fail('not-a-number', 'is not an amount');
  // The shortest form that reads back as the same double: when it has at most 15 significant
  // digits it is the 15-digit rounding too (the 15-digit decimals nearest the double are further
  // apart than the double's own rounding), already canonical, and much cheaper to get.
  const shortest = String(value);
  if (shortest.length <= 15 && PLAIN_NUMBER.test(shortest)) {
    return { ok: true, value: shortest === '-0' ? '0' : shortest, currencyHint: null };
  }
  return parseLongAmountNumber(value);
}

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

function parseLongAmountNumber(value: number): ParsedAmount {
  const text = value.toPrecision(15);
  const [mantissa = '', exponentText] = text.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '');
  const [int = '', frac = ''] = digits.split('.');
  const exponent = exponentText === undefined ? 0 : Number(exponentText);
  const all = int + frac;
  const point = int.length + exponent;
  let integer: string;
  let fraction: string;
  if (point <= 0) {
    integer = '0';
    fraction = '0'.repeat(-point) + all;
  } else if (point >= all.length) {
    integer = all + '0'.repeat(point - all.length);
    fraction = '';
  } else {
    integer = all.slice(0, point);
    fraction = all.slice(point);
  }
  return { ok: true, value: canonical(integer, fraction, negative), currencyHint: null };
}

export type MinorUnitsResult =
  | { readonly ok: true; readonly minor: bigint }
  | { readonly ok: false; readonly problem: AmountProblem; readonly message: string };

/** A canonical decimal string as a positive whole number of the currency's minor units. */
export function positiveMinorUnits(value: string, currency: CurrencyCode): MinorUnitsResult {
  const negative = value.startsWith('-');
  const digits = negative ? value.slice(1) : value;
  const point = digits.indexOf('.');
  const decimals = point < 0 ? 0 : digits.length - point - 1;
  const exponent = minorUnitsOf(currency);
  if (decimals > exponent) {
    return {
      ok: false,
      problem: 'too-many-decimals',
      message:
        exponent === 0
          ? `has decimals, but ${currency} amounts are whole numbers`
          : `has ${decimals} decimals, but ${currency} amounts have at most ${exponent}`,
    };
  }
  const minor = scaledWhole(digits, exponent - decimals);
  if (negative || minor === 0n) {
    return { ok: false, problem: 'not-positive', message: 'must be more than zero' };
  }
  if (minor > MAX_MINOR_UNITS) {
    return { ok: false, problem: 'too-large', message: 'is larger than the connector can hold' };
  }
  return { ok: true, minor };
}

const DOT = 0x2e;
const NINE = 0x39;

/**
 * The digits of `decimal` ("1250.5") as one whole number, times 10^zeros (125050n for 1).
 * Up to 15 digits, counted in a number (exact below 2^53: several times faster than parsing a
 * BigInt, and it runs once per row); longer ones, or anything but digits, through BigInt.
 */
function scaledWhole(decimal: string, zeros: number): bigint {
  if (decimal.length + zeros <= 15) {
    let whole = 0;
    let digitsOnly = true;
    for (let i = 0; i < decimal.length; i += 1) {
      const code = decimal.charCodeAt(i);
      if (code >= ZERO && code <= NINE) whole = whole * 10 + (code - ZERO);
      else if (code !== DOT) digitsOnly = false;
    }
    if (digitsOnly) return BigInt(whole * 10 ** zeros);
  }
  return BigInt(decimal.replace('.', '') + '0'.repeat(zeros));
}

/** 125050n USD -> "1250.50", like fromMinorUnits but without decimal.js (it runs once per row). */
export function formatMinorUnits(minor: bigint, currency: CurrencyCode): string {
  const exponent = minorUnitsOf(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const body =
    exponent === 0
      ? digits
      : `${digits.slice(0, digits.length - exponent)}.${digits.slice(digits.length - exponent)}`;
  return negative ? `-${body}` : body;
}
