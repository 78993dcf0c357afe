import Decimal from 'decimal.js';
import {
  isInteger,
  isLosslessNumber,
  isSafeNumber,
  LosslessNumber,
  parse,
  stringify,
} from 'lossless-json';
import { DollrInvalidRequestError } from './errors';

/**
 * Dollr wants amounts as JSON numbers; the connector keeps them as exact decimal strings. This is
 * the only place where one becomes the other, in both directions, without a float in between.
 */

/** A plain non-negative decimal in the form a JSON number allows: no sign, exponent or leading zero. */
const JSON_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/**
 * "100.10" -> a value that `encodeJson` writes as the JSON number 100.10, digit for digit.
 * Throws DollrInvalidRequestError (nothing is sent) when the string is not a plain decimal.
 */
export function jsonNumber(amount: string, field: string, operation: string): LosslessNumber {
  if (typeof amount !== 'string' || !JSON_DECIMAL.test(amount)) {
    throw new DollrInvalidRequestError(
      `has ${field} ${JSON.stringify(amount)}, which is not a plain decimal amount like "100.10"`,
      { operation },
    );
  }
  return new LosslessNumber(amount);
}

/** Checks an amount that travels in a query string (already text) with the same rule. */
export function queryAmount(amount: string, field: string, operation: string): string {
  return jsonNumber(amount, field, operation).value;
}

/** JSON text for a request body; `LosslessNumber`s are written as the digits they hold. */
export function encodeJson(value: unknown): string {
  return stringify(value) ?? 'null';
}

/**
 * Numbers under these keys are money or rates (amount, total_amount, payer_amount, platform_fee,
 * fx_rate, …) and always become decimal strings, even when whole: `payer_amount: 100` and
 * `payer_amount: 100.5` must have the same type.
 */
const MONEY_KEY = /(^|_)(amount|fee|fees|rate|price|balance|percent|percentage)(_|$)/i;

/**
 * Parses a Dollr response. Numbers under money keys become decimal strings exactly as written
 * ("100.10" stays "100.10"; exponent forms are expanded). Other whole numbers that fit a JS number
 * exactly (ids, qty, expires_in) become numbers. Anything else (a fraction or an integer too large
 * for a double under an unknown key) becomes a decimal string, so no value is ever rounded.
 * Throws SyntaxError on malformed JSON.
 */
export function decodeJson(text: string): unknown {
  return parse(text, (key, value) => {
    if (!isLosslessNumber(value)) return value;
    const digits = value.value;
    if (!MONEY_KEY.test(key) && isInteger(digits) && isSafeNumber(digits)) return Number(digits);
    return toPlainDecimal(digits);
  });
}

function toPlainDecimal(digits: string): string {
  return /[eE]/.test(digits) ? new Decimal(digits).toFixed() : digits;
}
