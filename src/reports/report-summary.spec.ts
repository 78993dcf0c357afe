import type { DetailRow } from './detail-row';
import { detailRow } from './testing/detail-row';
import { paymentExceptions } from './detail-row';
import { minorUnitsOfText, SummaryTotals } from './report-summary';

describe('SummaryTotals', () => {
  it('keeps payouts and collections apart, each with its own TOTAL', () => {
    const totals = new SummaryTotals();
    totals.add(detailRow({ kind: 'invoice', amount: '70.20' }));
    totals.add(detailRow({ kind: 'payment', amount: '100.00' }));
    totals.add(detailRow({ kind: 'invoice', status: 'FAILED', amount: '5.00', fees: null }));
    expect(totals.lines().map((l) => [l.currency, l.type, l.status, l.count, l.requested])).toEqual(
      [
        ['USD', 'payouts', 'COMPLETED', 1, '100.00'],
        ['USD', 'payouts', 'TOTAL', 1, '100.00'],
        ['USD', 'collections', 'COMPLETED', 1, '70.20'],
        ['USD', 'collections', 'FAILED', 1, '5.00'],
        ['USD', 'collections', 'TOTAL', 2, '75.20'],
      ],
    );
  });

  it('adds up each currency and status exactly, then totals the currency', () => {
    const totals = new SummaryTotals();
    // 0.1 + 0.2 in floats is 0.30000000000000004: decimal.js keeps it exact.
    totals.add(
      detailRow({
        amount: '0.10',
        fees: '0.01',
        payerAmount: '0.11',
        payeeAmount: '0.10',
        settledAmount: '0.10',
      }),
    );
    totals.add(
      detailRow({
        amount: '0.20',
        fees: '0.01',
        payerAmount: '0.21',
        payeeAmount: '0.19',
        settledAmount: '0.19',
        variance: '-0.01',
      }),
    );
    totals.add(
      detailRow({
        status: 'FAILED',
        amount: '50.00',
        fees: '1.00',
        payerAmount: null,
        payeeAmount: null,
        settledAmount: null,
        variance: null,
      }),
    );
    totals.add(
      detailRow({
        currency: 'RWF',
        amount: '15000',
        fees: '300',
        payerAmount: '15300',
        payeeAmount: '15000',
        settledAmount: '15000',
        variance: '0',
      }),
    );

    expect(totals.lines()).toEqual([
      {
        currency: 'RWF',
        type: 'payouts',
        status: 'COMPLETED',
        count: 1,
        requested: '15000',
        payerAmount: '15300',
        payeeAmount: '15000',
        fees: '300',
        settled: '15000',
        variance: '0',
      },
      {
        currency: 'RWF',
        type: 'payouts',
        status: 'TOTAL',
        count: 1,
        requested: '15000',
        payerAmount: '15300',
        payeeAmount: '15000',
        fees: '300',
        settled: '15000',
        variance: '0',
      },
      {
        currency: 'USD',
        type: 'payouts',
        status: 'COMPLETED',
        count: 2,
        requested: '0.30',
        payerAmount: '0.32',
        payeeAmount: '0.29',
        fees: '0.02',
        settled: '0.29',
        variance: '-0.01',
      },
      {
        currency: 'USD',
        type: 'payouts',
        status: 'FAILED',
        count: 1,
        requested: '50.00',
        payerAmount: '0.00',
        payeeAmount: '0.00',
        fees: '1.00',
        settled: '0.00',
        variance: '0.00',
      },
      {
        currency: 'USD',
        type: 'payouts',
        status: 'TOTAL',
        count: 3,
        requested: '50.30',
        payerAmount: '0.32',
        payeeAmount: '0.29',
        fees: '1.02',
        settled: '0.29',
        variance: '-0.01',
      },
    ]);
  });

  it('has no lines without rows', () => {
    expect(new SummaryTotals().lines()).toEqual([]);
  });
});

describe('paymentExceptions', () => {
  it.each<[string, Partial<DetailRow>, string[]]>([
    ['a completed payment paid as asked', {}, []],
    ['a failed payment', { status: 'FAILED', settledAmount: null, variance: null }, ['FAILED']],
    ['a pre-flight rejection', { status: 'REJECTED', variance: null }, ['REJECTED']],
    [
      'a payment stuck in PROCESSING',
      { status: 'PROCESSING', variance: null, stuckAt: new Date() },
      ['STUCK'],
    ],
    ['a stuck payment that completed since', { stuckAt: new Date() }, []],
    ['less settled than asked', { settledAmount: '99.00', variance: '-1.00' }, ['AMOUNT_MISMATCH']],
    ['more settled than asked', { settledAmount: '100.01', variance: '0.01' }, ['AMOUNT_MISMATCH']],
  ])('%s', (_name, changes, expected) => {
    expect(paymentExceptions(detailRow(changes))).toEqual(expected);
  });
});

describe('minorUnitsOfText', () => {
  it.each([
    ['150.00', 2, 15000n],
    ['-0.01', 2, -1n],
    ['15000', 0, 15000n],
    ['0.00', 2, 0n],
  ])('reads %s with %i decimals as %s', (text, decimals, expected) => {
    expect(minorUnitsOfText(text, decimals)).toBe(expected);
  });

  it.each([
    ['150.0', 2],
    ['150', 2],
    ['1.5', 0],
    ['1e3', 0],
    ['', 0],
  ])('refuses %j with %i decimals', (text, decimals) => {
    expect(() => minorUnitsOfText(text, decimals)).toThrow('is not an amount');
  });
});
