import { CURRENCIES, type CurrencyCode, minorUnitsOf } from '../money/currency';
import type { ImportField } from './import.types';
import { type Cell, cellText } from './normalise/cell';
import { headerKey } from './profiles/header-key';

/** Amounts are summed at this scale to compare a totals row with the rows above it. */
const SCALE_DECIMALS = 6;

/** "1250.5" -> 1250500000n at 6 decimals; null for values finer than that. */
export function scaledAmount(value: string): bigint | null {
  const negative = value.startsWith('-');
  const [integer = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  if (fraction.length > SCALE_DECIMALS) return null;
  const scaled = BigInt(integer + fraction.padEnd(SCALE_DECIMALS, '0'));
  return negative ? -scaled : scaled;
}

const MINOR_TO_SCALED = Object.fromEntries(
  (Object.keys(CURRENCIES) as CurrencyCode[]).map((currency) => [
    currency,
    10n ** BigInt(SCALE_DECIMALS - minorUnitsOf(currency)),
  ]),
) as Record<CurrencyCode, bigint>;

/** Minor units of `currency` at the 6-decimal scale: 125050n USD -> 1250500000n. */
export function scaledMinorUnits(minor: bigint, currency: CurrencyCode): bigint {
  return minor * MINOR_TO_SCALED[currency];
}

export interface TotalsRowContext {
  /** Label keys (see headerKey) that mark a totals row. */
  readonly labels: ReadonlySet<string>;
  /** Columns that identify a payee or invoice: a totals row has none of them. */
  readonly identityColumns: readonly number[];
  /** The sum of the amounts above, at 6 decimals. */
  readonly runningSum: bigint;
  /** Reads a cell as an amount (canonical decimal string), or null. */
  readonly readAmount: (cell: Cell) => string | null;
}

/**
 * A totals row at the foot of a sheet is not a payee: it has a "Total" label, or its only value is
 * the sum of the amounts above it. Either way it names no payee, customer or invoice.
 */
export function isTotalsRow(cells: readonly Cell[], context: TotalsRowContext): boolean {
  const digitsInLabels = labelsHaveDigits(context.labels);
  // Most rows name a payee: settle those from the identity columns alone.
  for (const column of context.identityColumns) {
    const cell = cells[column];
    if (cell === undefined || cellText(cell).trim() === '') continue;
    if (typeof cell !== 'string' || !isTotalsLabel(cell, context.labels, digitsInLabels)) {
      return false;
    }
  }
  let labelled = false;
  const filled: Cell[] = [];
  for (let column = 0; column < cells.length; column += 1) {
    const cell = cells[column];
    if (cell === undefined || cellText(cell).trim() === '') continue;
    filled.push(cell);
    if (typeof cell === 'string' && isTotalsLabel(cell, context.labels, digitsInLabels)) {
      labelled = true;
    } else if (context.identityColumns.includes(column)) {
      return false;
    }
  }
  if (labelled) return true;
  const only = filled.length === 1 ? filled[0] : undefined;
  if (only === undefined || context.runningSum <= 0n) return false;
  const amount = context.readAmount(only);
  return amount !== null && scaledAmount(amount) === context.runningSum;
}

const DIGIT = /\d/;
const digitsCache = new WeakMap<ReadonlySet<string>, boolean>();

function labelsHaveDigits(labels: ReadonlySet<string>): boolean {
  let found = digitsCache.get(labels);
  if (found === undefined) {
    found = [...labels].some((label) => DIGIT.test(label));
    digitsCache.set(labels, found);
  }
  return found;
}

function isTotalsLabel(
  text: string,
  labels: ReadonlySet<string>,
  digitsInLabels: boolean,
): boolean {
  if (text.length > 40) return false;
  // A digit survives headerKey, and a key with a digit is a label only if a label has one: this
  // settles IDs and phone numbers without computing their key.
  if (!digitsInLabels && DIGIT.test(text)) return false;
  const key = headerKey(text);
  return labels.has(key) || (key.startsWith('total') && !DIGIT.test(key));
}

export const TOTALS_IDENTITY_FIELDS: readonly ImportField[] = [
  'phone',
  'external_ref',
  'invoice_number',
  'email',
];
