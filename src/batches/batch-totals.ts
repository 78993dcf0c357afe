import Decimal from 'decimal.js';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';

export interface PaymentFigures {
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  readonly feeMinor: bigint | null;
  readonly payerAmountMinor: bigint | null;
  readonly payeeAmountMinor: bigint | null;
}

/** Pre-flight totals of one currency, as decimal strings in the currency's decimals. */
export interface CurrencyTotals {
  readonly currency: CurrencyCode;
  readonly count: number;
  readonly requested: string;
  readonly fees: string;
  readonly payerTotal: string;
  readonly payeeTotal: string;
}

/** Running sums of one currency, in its minor units. */
export interface CurrencySums {
  count: number;
  requested: bigint;
  fees: bigint;
  payer: bigint;
  payee: bigint;
}

/** Adds `more` to the sums of `currency`. */
export function addToSums(
  sums: Map<CurrencyCode, CurrencySums>,
  currency: CurrencyCode,
  more: Readonly<CurrencySums>,
): void {
  const sum = sums.get(currency) ?? { count: 0, requested: 0n, fees: 0n, payer: 0n, payee: 0n };
  sum.count += more.count;
  sum.requested += more.requested;
  sum.fees += more.fees;
  sum.payer += more.payer;
  sum.payee += more.payee;
  sums.set(currency, sum);
}

/** The sums as decimal totals, currencies in alphabetical order. */
export function totalsOfSums(sums: ReadonlyMap<CurrencyCode, CurrencySums>): CurrencyTotals[] {
  return [...sums.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, s]) => ({
      currency,
      count: s.count,
      requested: fromMinorUnits(s.requested, currency),
      fees: fromMinorUnits(s.fees, currency),
      payerTotal: fromMinorUnits(s.payer, currency),
      payeeTotal: fromMinorUnits(s.payee, currency),
    }));
}

/** Requested amounts, fees, and what the payer (the merchant's wallet) and payees see, per currency. */
export function totalsByCurrency(payments: readonly PaymentFigures[]): CurrencyTotals[] {
  const sums = new Map<CurrencyCode, CurrencySums>();
  for (const p of payments) {
    addToSums(sums, p.currency, {
      count: 1,
      requested: p.amountMinor,
      fees: p.feeMinor ?? 0n,
      payer: p.payerAmountMinor ?? p.amountMinor + (p.feeMinor ?? 0n),
      payee: p.payeeAmountMinor ?? p.amountMinor,
    });
  }
  return totalsOfSums(sums);
}

/** Two approvers when any currency's requested total is above its threshold, else one. */
export function approvalsRequired(
  totals: readonly { readonly currency: string; readonly requested: string }[],
  thresholds: ReadonlyMap<string, string>,
): number {
  const above = totals.some((t) => {
    const threshold = thresholds.get(t.currency);
    return threshold !== undefined && new Decimal(t.requested).greaterThan(threshold);
  });
  return above ? 2 : 1;
}
