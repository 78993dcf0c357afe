import { type BatchContent, batchContentHash } from './content-hash';

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
