import type { InvoiceItem } from '../dollr/types';
import { dollrItemFor, type LocalLine, planItems } from './dollr-items';

function line(
  id: number,
  item: string,
  qty: string,
  unit: bigint,
  dollrItemId: number | null = null,
): LocalLine {
  const amountMinor = BigInt(
    (Number(qty) * Number(unit)).toFixed(0), // test data only: exact for the values used
  );
  return { id, item, qty, unitPriceMinor: unit, amountMinor, dollrItemId };
}

describe('dollrItemFor', () => {
  it('sends a whole quantity with the unit price', () => {
    expect(dollrItemFor(line(1, 'Consulting', '2', 1500000n), 'RWF')).toEqual({
      name: 'Consulting',
      qty: 2,
      amount: '1500000',
    });
  });

  it('sends a fractional quantity as one item at the line total, keeping qty and price in the name', () => {
    expect(dollrItemFor(line(1, 'Hours', '2.5', 4000n), 'USD')).toEqual({
      name: 'Hours (2.5 × 40.00)',
      qty: 1,
      amount: '100.00',
    });
  });
});

describe('planItems', () => {
  const remote = (id: number, name: string, qty: number, amount: string): InvoiceItem => ({
    id,
    name,
    qty,
    amount,
  });

  it('adds every line to an invoice with no items', () => {
    const lines = [line(1, 'A', '1', 1000n), line(2, 'B', '2', 500n)];
    expect(planItems(lines, [], 'USD')).toEqual({ matched: [], missing: lines, extra: [] });
  });

  it('recognises an item whose add answer was lost, by its content', () => {
    const lines = [line(1, 'A', '1', 1000n), line(2, 'B', '2', 500n)];
    const plan = planItems(lines, [remote(7, 'A', 1, '10.00')], 'USD');
    expect(plan.matched).toEqual([{ lineId: 1, itemId: 7 }]);
    expect(plan.missing.map((l) => l.id)).toEqual([2]);
    expect(plan.extra).toEqual([]);
  });

  it('matches two identical lines to two items, not one', () => {
    const lines = [line(1, 'A', '1', 1000n), line(2, 'A', '1', 1000n)];
    const plan = planItems(lines, [remote(7, 'A', 1, '10.00')], 'USD');
    expect(plan.matched).toEqual([{ lineId: 1, itemId: 7 }]);
    expect(plan.missing.map((l) => l.id)).toEqual([2]);
  });

  it('lists items no line explains as extra (an add that landed twice)', () => {
    const lines = [line(1, 'A', '1', 1000n, 7)];
    const plan = planItems(lines, [remote(7, 'A', 1, '10.00'), remote(8, 'A', 1, '10.00')], 'USD');
    expect(plan).toEqual({ matched: [{ lineId: 1, itemId: 7 }], missing: [], extra: [8] });
  });

  it('does not take an item with another price or quantity for the line', () => {
    const lines = [line(1, 'A', '2', 1000n)];
    const plan = planItems(lines, [remote(7, 'A', 1, '10.00'), remote(8, 'A', 2, '10.01')], 'USD');
    expect(plan.missing.map((l) => l.id)).toEqual([1]);
    expect(plan.extra).toEqual([7, 8]);
  });
});
