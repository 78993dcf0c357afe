import { createHash } from 'node:crypto';
import { type BatchContent, BatchContentHasher, batchContentHash } from './content-hash';

const base: BatchContent = {
  batchId: 1,
  payments: [
    {
      paymentId: 1,
      payee: 'EMPLOYEE:E001',
      phone: '231886123456',
      amount: '150.00',
      currency: 'USD',
      method: 'MTN_MOMO_LBR',
    },
    {
      paymentId: 2,
      payee: 'EMPLOYEE:E002',
      phone: '231770123457',
      amount: '99.50',
      currency: 'USD',
      method: 'ORANGE_MONEY_LBR',
    },
  ],
  totals: [{ currency: 'USD', requested: '249.50', fees: '2.50' }],
};

describe('batchContentHash', () => {
  it('is stable and independent of the order rows are listed in', () => {
    const reordered = { ...base, payments: [...base.payments].reverse() };
    expect(batchContentHash(reordered)).toBe(batchContentHash(base));
    expect(batchContentHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each<[string, BatchContent]>([
    [
      'an amount',
      { ...base, payments: [{ ...base.payments[0], amount: '150.01' }, base.payments[1]] },
    ],
    [
      'a phone',
      { ...base, payments: [{ ...base.payments[0], phone: '231886123450' }, base.payments[1]] },
    ],
    ['a removed row', { ...base, payments: [base.payments[0]] }],
    ['a total', { ...base, totals: [{ currency: 'USD', requested: '249.50', fees: '2.60' }] }],
    ['the batch', { ...base, batchId: 2 }],
  ])('changes when %s changes', (_what, changed) => {
    expect(batchContentHash(changed)).not.toBe(batchContentHash(base));
  });
});

/** The hash as it was computed before it was folded a page at a time: the whole batch at once. */
function wholeBatchHash(content: BatchContent): string {
  const canonical = [
    'dollr-connector/batch-content/v1',
    content.batchId,
    [...content.payments]
      .sort((a, b) => a.paymentId - b.paymentId)
      .map((p) => [p.paymentId, p.payee, p.phone, p.amount, p.currency, p.method]),
    [...content.totals]
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((t) => [t.currency, t.requested, t.fees]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

describe('BatchContentHasher (the hash folded a page at a time)', () => {
  const payments: BatchContent['payments'][number][] = [];
  for (let i = 0; i < 2_500; i += 1) {
    payments.push({
      paymentId: 3 * i + 7,
      payee: `EMPLOYEE:E${i}${i % 97 === 0 ? ' "Kollie" \\ Ngozi\u00e9' : ''}`,
      phone: `23177${String(i).padStart(7, '0')}`,
      amount: i % 3 === 0 ? `${i}` : `${i}.${String(i % 100).padStart(2, '0')}`,
      currency: i % 3 === 0 ? 'RWF' : i % 2 === 0 ? 'LRD' : 'USD',
      method: i % 5 === 0 ? null : 'MTN_MOMO_LBR',
    });
  }
  const large: BatchContent = {
    batchId: 42,
    payments,
    totals: [
      { currency: 'USD', requested: '1.00', fees: '0.00' },
      { currency: 'LRD', requested: '2.50', fees: '0.10' },
      { currency: 'RWF', requested: '300', fees: '0' },
    ],
  };
  /** batchContentHash(large) as computed before the hash was folded page by page. */
  const EXPECTED = '913891d2c0242715855c4ccbc50fca821ffa4c375844f882ed6c48a5336fad62';

  it('gives the hash the whole batch gave, whatever the page size', () => {
    expect(wholeBatchHash(large)).toBe(EXPECTED);
    expect(batchContentHash(large)).toBe(EXPECTED);
    for (const pageSize of [1, 7, 1_000, 2_500]) {
      const hasher = new BatchContentHasher(large.batchId);
      for (let i = 0; i < payments.length; i += pageSize) {
        hasher.add(payments.slice(i, i + pageSize));
      }
      expect(hasher.finish(large.totals)).toBe(EXPECTED);
    }
  });

  it('gives the same hash as before for the small batch and for an empty one', () => {
    expect(batchContentHash(base)).toBe(wholeBatchHash(base));
    const empty: BatchContent = { batchId: 3, payments: [], totals: [] };
    const hasher = new BatchContentHasher(3);
    hasher.add([]);
    expect(hasher.finish([])).toBe(wholeBatchHash(empty));
  });

  it('refuses payments out of id order, which would give another batch its hash', () => {
    const hasher = new BatchContentHasher(1);
    hasher.add([base.payments[1]]);
    expect(() => hasher.add([base.payments[0]])).toThrow(/increasing id order/);
  });
});
