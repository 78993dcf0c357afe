import Decimal from 'decimal.js';
import type { InvoiceItem } from '../dollr/types';
import { fromMinorUnits, toMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';

export interface LocalLine {
  readonly id: number;
  readonly item: string;
  /** Decimal string, up to 4 decimals. */
  readonly qty: string;
  readonly unitPriceMinor: bigint;
  readonly amountMinor: bigint;
  readonly dollrItemId: number | null;
}

/** An item as Dollr takes it: `amount` is the unit price, `qty` a whole number. */
export interface ItemToAdd {
  readonly name: string;
  readonly qty: number;
  readonly amount: string;
}

const MAX_NAME = 200;

/**
 * Dollr's `qty` is a whole number. A whole quantity goes as it is; a fractional one (2.5 hours)
 * goes as one item priced at the line total, its quantity and unit price kept in the name, so the
 * invoice total is exactly the file's.
 */
export function dollrItemFor(line: LocalLine, currency: CurrencyCode): ItemToAdd {
  const qty = new Decimal(line.qty);
  if (qty.isInteger() && qty.gte(1) && qty.lte(Number.MAX_SAFE_INTEGER)) {
    return {
      name: line.item.slice(0, MAX_NAME),
      qty: qty.toNumber(),
      amount: fromMinorUnits(line.unitPriceMinor, currency),
    };
  }
  const detail = ` (${qty.toFixed()} × ${fromMinorUnits(line.unitPriceMinor, currency)})`;
  return {
    name: line.item.slice(0, MAX_NAME - detail.length) + detail,
    qty: 1,
    amount: fromMinorUnits(line.amountMinor, currency),
  };
}

export interface ItemPlan {
  /** Lines matched to an item already on Dollr (by its remembered id, else by content). */
  readonly matched: ReadonlyArray<{ lineId: number; itemId: number }>;
  /** Lines with no item on Dollr yet: to add. */
  readonly missing: readonly LocalLine[];
  /** Items on Dollr that no line explains (an add whose answer was lost, sent again): to remove. */
  readonly extra: readonly number[];
}

/**
 * Compares the lines with the items the Dollr invoice has, so that adding items can be repeated
 * after a lost answer or a crash without adding a line twice.
 */
export function planItems(
  lines: readonly LocalLine[],
  remote: readonly InvoiceItem[],
  currency: CurrencyCode,
): ItemPlan {
  const unclaimed = new Map(remote.map((item) => [item.id, item]));
  const matched: { lineId: number; itemId: number }[] = [];
  const pending: LocalLine[] = [];
  for (const line of lines) {
    if (line.dollrItemId !== null && unclaimed.has(line.dollrItemId)) {
      unclaimed.delete(line.dollrItemId);
      matched.push({ lineId: line.id, itemId: line.dollrItemId });
    } else {
      pending.push(line);
    }
  }
  const missing: LocalLine[] = [];
  for (const line of pending) {
    const wanted = dollrItemFor(line, currency);
    const found = [...unclaimed.values()].find((item) => sameItem(item, wanted, currency));
    if (found === undefined) {
      missing.push(line);
    } else {
      unclaimed.delete(found.id);
      matched.push({ lineId: line.id, itemId: found.id });
    }
  }
  return { matched, missing, extra: [...unclaimed.keys()] };
}

function sameItem(item: InvoiceItem, wanted: ItemToAdd, currency: CurrencyCode): boolean {
  if (item.name !== wanted.name || Number(item.qty) !== wanted.qty) return false;
  if (item.amount === undefined) return false;
  try {
    return toMinorUnits(String(item.amount), currency) === toMinorUnits(wanted.amount, currency);
  } catch {
    return false;
  }
}
