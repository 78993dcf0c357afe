import Decimal from 'decimal.js';
import { type CurrencyCode, minorUnitsOf } from './currency';

/**
 * Money in the connector is a decimal string ("1250.50") in TypeScript and a whole number of minor
 * units (cents; francs for RWF) in the database. Nothing here passes through a float.
 */

const DECIMAL_STRING = /^-?\d+(\.\d+)?$/;

/** Largest amount stored, in minor units: keeps every value and sum exact as a JS safe integer. */
export const MAX_MINOR_UNITS = 10n ** 15n;

export class AmountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AmountError';
  }
}

/** "1250.5" USD -> 125050n. Throws AmountError if the value has more decimals than the currency. */
export function toMinorUnits(amount: string, currency: CurrencyCode): bigint {
  if (!DECIMAL_STRING.test(amount)) throw new AmountError(`"${amount}" is not a decimal number`);
  const exponent = minorUnitsOf(currency);
  const scaled = new Decimal(amount).times(new Decimal(10).pow(exponent));
  if (!scaled.isInteger()) {
    throw new AmountError(
      exponent === 0
        ? `${currency} amounts are whole numbers; "${amount}" has decimals`
        : `${currency} amounts have at most ${exponent} decimals; "${amount}" has more`,
    );
  }
  const minor = BigInt(scaled.toFixed(0));
  if (minor > MAX_MINOR_UNITS || minor < -MAX_MINOR_UNITS) {
    throw new AmountError(`"${amount}" ${currency} is larger than the connector can hold`);
  }
  return minor;
}

/** 125050n USD -> "1250.50": always the currency's number of decimals. */
export function fromMinorUnits(minor: bigint, currency: CurrencyCode): string {
  const exponent = minorUnitsOf(currency);
  return new Decimal(minor.toString()).dividedBy(new Decimal(10).pow(exponent)).toFixed(exponent);
}

/** Exact sum of decimal strings, formatted with the currency's decimals. */
export function sumAmounts(amounts: readonly string[], currency: CurrencyCode): string {
  const total = amounts.reduce((sum, amount) => sum + toMinorUnits(amount, currency), 0n);
  return fromMinorUnits(total, currency);
}
