import Decimal from 'decimal.js';
import { type CurrencyCode, isCurrencyCode, minorUnitsOf } from '../money/currency';
import type { DetailRow } from './detail-row';

/** One line of the Summary sheet: the Detail rows of one currency and status, added up. */
export interface SummaryLine {
  readonly currency: CurrencyCode;
  /** A payment status, or `TOTAL` for every status of the currency. */
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
  money: Record<MoneyField, Decimal>;
}

function zero(): Sums {
  const z = new Decimal(0);
  return {
    count: 0,
    money: {
      requested: z,
      payerAmount: z,
      payeeAmount: z,
      fees: z,
      settled: z,
      variance: z,
    },
  };
}

/**
 * The control totals of the Summary sheet, added up with decimal.js from exactly the rows written
 * to the Detail sheet (an empty cell counts as 0). Feed it every row, then read `lines()`.
 */
export class SummaryTotals {
  private readonly sums = new Map<string, Sums>();

  add(row: DetailRow): void {
    const key = `${row.currency}\u0000${row.status}`;
    let sums = this.sums.get(key);
    if (sums === undefined) {
      sums = zero();
      this.sums.set(key, sums);
    }
    sums.count += 1;
    const m = sums.money;
    m.requested = m.requested.plus(row.amount);
    if (row.payerAmount !== null) m.payerAmount = m.payerAmount.plus(row.payerAmount);
    if (row.payeeAmount !== null) m.payeeAmount = m.payeeAmount.plus(row.payeeAmount);
    if (row.fees !== null) m.fees = m.fees.plus(row.fees);
    if (row.settledAmount !== null) m.settled = m.settled.plus(row.settledAmount);
    if (row.variance !== null) m.variance = m.variance.plus(row.variance);
  }

  /** Per currency: a line per status (alphabetical), then the currency's TOTAL. */
  lines(): SummaryLine[] {
    const byCurrency = new Map<string, [string, Sums][]>();
    for (const [key, sums] of this.sums) {
      const [currency, status] = key.split('\u0000') as [string, string];
      byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), [status, sums]]);
    }
    const lines: SummaryLine[] = [];
    for (const currency of [...byCurrency.keys()].sort()) {
      if (!isCurrencyCode(currency)) continue;
      const statuses = (byCurrency.get(currency) ?? []).sort(([a], [b]) => a.localeCompare(b));
      const total = zero();
      for (const [status, sums] of statuses) {
        lines.push(line(currency, status, sums));
        total.count += sums.count;
        for (const field of MONEY_FIELDS) {
          total.money[field] = total.money[field].plus(sums.money[field]);
        }
      }
      lines.push(line(currency, 'TOTAL', total));
    }
    return lines;
  }
}

function line(currency: CurrencyCode, status: string, sums: Sums): SummaryLine {
  const decimals = minorUnitsOf(currency);
  const text = (field: MoneyField): string => sums.money[field].toFixed(decimals);
  return {
    currency,
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
