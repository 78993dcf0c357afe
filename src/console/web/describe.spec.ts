import { describeIssue, describeSkipped, describeValue, quoted, rowList } from './describe';

describe('describeValue', () => {
  it.each([
    [null, '—'],
    [undefined, '—'],
    ['text', 'text'],
    [3, '3'],
    [false, 'false'],
    [{ COMPLETED: 2, FAILED: 0 }, 'COMPLETED: 2, FAILED: 0'],
    [
      { batchId: 5, totals: [{ currency: 'USD', requested: '100.00' }] },
      'batchId: 5, totals: (currency: USD, requested: 100.00)',
    ],
    [['a', 'b'], 'a; b'],
  ])('%j → %s', (value, text) => expect(describeValue(value)).toBe(text));
});

describe('describeIssue', () => {
  it.each([
    [
      {
        column: 'Net Pay',
        value: '10.555',
        message: 'has 3 decimals, but USD amounts have at most 2',
      },
      'Net Pay "10.555" has 3 decimals, but USD amounts have at most 2',
    ],
    [
      { column: 'Unit Price', value: 'abc', message: 'is not an amount' },
      'Unit Price "abc" is not an amount',
    ],
    [
      {
        column: 'Item',
        value: '',
        message: 'is missing: every invoice line needs an item or description',
      },
      'Item is missing: every invoice line needs an item or description',
    ],
    [
      {
        column: '',
        value: '',
        message: 'is a duplicate of row 2 of this file: it is not paid twice',
      },
      'This row is a duplicate of row 2 of this file: it is not paid twice',
    ],
    [
      { column: '', value: '', message: 'is a totals row, not a payment: skipped' },
      'This row is a totals row, not a payment: skipped',
    ],
    [{ column: 'Phone', value: '07', message: '' }, 'Phone "07" has a problem'],
  ])('%j → %s', (issue, line) => {
    expect(describeIssue(issue)).toBe(line);
  });

  it('quotes a long value by its start and its length', () => {
    const long = 'x'.repeat(100);
    expect(quoted(long)).toBe(`"${'x'.repeat(80)}…" (100 characters)`);
    expect(describeIssue({ column: 'Note', value: long, message: 'is too long' })).toMatch(
      /^Note "x{80}…" \(100 characters\) is too long$/,
    );
  });
});

describe('rowList', () => {
  it.each([
    [[], 0, 'no row'],
    [[7], 1, 'row 7'],
    [[7, 9], 2, 'rows 7 and 9'],
    [[7, 9, 12], 3, 'rows 7, 9 and 12'],
    [[7, 9], 5, 'rows 7, 9 and 3 more'],
  ])('%j of %d → %s', (rows, total, text) => {
    expect(rowList(rows, total)).toBe(text);
  });
});

describe('describeSkipped', () => {
  it('says nothing when no row was skipped', () => {
    expect(describeSkipped(0, [], 'payables')).toBe('');
  });

  it('explains a skipped totals row of a payroll', () => {
    expect(describeSkipped(1, [14], 'payables')).toBe(
      '1 row was skipped (row 14): a totals row, labelled as a total (“Total”, “Grand Total”, “Sum”…) or holding only the sum of the amounts above, as payroll and accounting exports add at the bottom. It is not a payment: nothing is paid for it and it is in no total. Blank rows and the title rows above the header are not counted at all.',
    );
  });

  it('explains several, of invoices', () => {
    const text = describeSkipped(2, [30, 14], 'receivables');
    expect(text).toMatch(/^2 rows were skipped \(rows 30 and 14\): totals rows,/);
    expect(text).toContain('They are not invoice lines: nothing is billed for them');
  });
});
