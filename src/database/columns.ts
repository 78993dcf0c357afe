import { Column, type ColumnOptions, type ValueTransformer } from 'typeorm';

/**
 * Money is stored as a BIGINT of minor units. mysql2 hands BIGINT back as a string
 * (bigNumberStrings), better-sqlite3 as a number: both become a bigint here, and a number that is
 * not a safe integer is refused rather than silently rounded.
 */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${value} is not an exact integer`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`cannot read ${String(value)} as a whole number of minor units`);
}

export const minorUnitsTransformer: ValueTransformer = {
  to: (value: bigint | null | undefined) => (typeof value === 'bigint' ? value.toString() : value),
  from: (value: unknown) => (value === null || value === undefined ? null : toBigInt(value)),
};

/** A money amount in minor units of the row's currency (see src/money/amount.ts). */
export function MinorUnitsColumn(
  options: Pick<ColumnOptions, 'name' | 'nullable'>,
): PropertyDecorator {
  return Column({ ...options, type: 'bigint', transformer: minorUnitsTransformer });
}

/** A point in time, stored in UTC on both databases. */
export function UtcDateTimeColumn(
  options: Pick<ColumnOptions, 'name' | 'nullable'>,
): PropertyDecorator {
  return Column({ ...options, type: 'datetime' });
}
