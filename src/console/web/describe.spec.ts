import { describeValue } from './describe';

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
