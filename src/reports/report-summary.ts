import Decimal from 'decimal.js';
import { type CurrencyCode, isCurrencyCode, minorUnitsOf } from '../money/currency';
import type { DetailRow } from './detail-row';

/** Money paid out (payouts) or collected (invoices): never added together. */
export type SummaryType = 'payouts' | 'collections';

/** One line of the Summary sheet: the Detail rows of one currency, type and status, added up. */
export interface SummaryLine {
  readonly currency: CurrencyCode;
  readonly type: SummaryType;
  /** A payment status, or `TOTAL` for every status of the currency and type. */
  readonly status: string;
  readonly count: number;
  readonly requested: string;
  readonly payerAmount: string;
  readonly payeeAmount: string;
  readonly fees: string;
  readonly settled: string;
  readonly variance: string;
}

const MONEY_FIELDS = [
  'requested',
  'payerAmount',
  'payeeAmount',
  'fees',
  'settled',
  'variance',
] as const;
type MoneyField = (typeof MONEY_FIELDS)[number];

interface Sums {
  count: number;
  /** In minor units of the currency. */
  money: Record<MoneyField, bigint>;
}

function zero(): Sums {
  return {
    count: 0,
    money: { requested: 0n, payerAmount: 0n, payeeAmount: 0n, fees: 0n, settled: 0n, variance: 0n },
  };
}

const AMOUNT_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A Detail cell's amount in minor units, read from the decimal text written to the sheet (always
 * the currency's number of decimals): exact, and ten times cheaper per row than decimal.js.
 */
export function minorUnitsOfText(amount: string, decimals: number): bigint {
  const dot = amount.indexOf('.');
  const fraction = dot === -1 ? 0 : amount.length - dot - 1;
  if (fraction !== decimals || !AMOUNT_TEXT.test(amount)) {
    throw new Error(`"${amount}" is not an amount with ${decimals} decimals`);
  }
  return BigInt(dot === -1 ? amount : amount.slice(0, dot) + amount.slice(dot + 1));
}

/**
 * The control totals of the Summary sheet, added up exactly from the amounts as written to the
 * Detail sheet (an empty cell counts as 0), and turned back into decimals with decimal.js. Feed
 * it every row, then read `lines()`.
 */
export class SummaryTotals {
  private readonly sums = new Map<string, Sums>();

  add(row: DetailRow): void {
    const key = `${row.currency}\u0000${typeOf(row)}\u0000${row.status}`;
    let sums = this.sums.get(key);
    if (sums === undefined) {
      sums = zero();
      this.sums.set(key, sums);
    }
    sums.count += 1;
    const m = sums.money;
    const d = minorUnitsOf(row.currency);
    m.requested += minorUnitsOfText(row.amount, d);
    if (row.payerAmount !== null) m.payerAmount += minorUnitsOfText(row.payerAmount, d);
    if (row.payeeAmount !== null) m.payeeAmount += minorUnitsOfText(row.payeeAmount, d);
    if (row.fees !== null) m.fees += minorUnitsOfText(row.fees, d);
    if (row.settledAmount !== null) m.settled += minorUnitsOfText(row.settledAmount, d);
    if (row.variance !== null) m.variance += minorUnitsOfText(row.variance, d);
  }

  /**
   * Per currency, payouts then collections: a line per status (alphabetical), then their TOTAL.
   * Money out and money in are never added into one line.
   */
  lines(): SummaryLine[] {
    const groups = new Map<string, [string, Sums][]>();
    for (const [key, sums] of this.sums) {
      const [currency, type, status] = key.split('\u0000') as [string, SummaryType, string];
      const group = `${currency}\u0000${TYPE_ORDER.indexOf(type)}\u0000${type}`;
      groups.set(group, [...(groups.get(group) ?? []), [status, sums]]);
    }
    const lines: SummaryLine[] = [];
    for (const group of [...groups.keys()].sort()) {
      const [currency, , type] = group.split('\u0000') as [string, string, SummaryType];
      if (!isCurrencyCode(currency)) continue;
      const statuses = (groups.get(group) ?? []).sort(([a], [b]) => a.localeCompare(b));
      const total = zero();
      for (const [status, sums] of statuses) {
        lines.push(line(currency, type, status, sums));
        total.count += sums.count;
        for (const field of MONEY_FIELDS) total.money[field] += sums.money[field];
      }
      lines.push(line(currency, type, 'TOTAL', total));
    }
    return lines;
  }
}

const TYPE_ORDER: readonly SummaryType[] = ['payouts', 'collections'];

function typeOf(row: DetailRow): SummaryType {
  return row.kind === 'invoice' ? 'collections' : 'payouts';
}

function line(currency: CurrencyCode, type: SummaryType, status: string, sums: Sums): SummaryLine {
  const decimals = minorUnitsOf(currency);
  const scale = new Decimal(10).pow(decimals);
  const text = (field: MoneyField): string =>
    new Decimal(sums.money[field].toString()).dividedBy(scale).toFixed(decimals);
  return {
    currency,
    type,
    status,
    count: sums.count,
    requested: text('requested'),
    payerAmount: text('payerAmount'),
    payeeAmount: text('payeeAmount'),
    fees: text('fees'),
    settled: text('settled'),
    variance: text('variance'),
  };
}
