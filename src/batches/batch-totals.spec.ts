import { approvalsRequired, totalsByCurrency } from './batch-totals';

describe('totalsByCurrency', () => {
  it('sums requested amounts, fees, payer and payee totals exactly, per currency', () => {
    const totals = totalsByCurrency([
      {
        currency: 'USD',
        amountMinor: 10n,
        feeMinor: 1n,
        payerAmountMinor: 11n,
        payeeAmountMinor: 10n,
      },
      {
        currency: 'USD',
        amountMinor: 20n,
        feeMinor: 2n,
        payerAmountMinor: 22n,
        payeeAmountMinor: 20n,
      },
      {
        currency: 'RWF',
        amountMinor: 1500n,
        feeMinor: null,
        payerAmountMinor: null,
        payeeAmountMinor: null,
      },
    ]);
    expect(totals).toEqual([
      {
        currency: 'RWF',
        count: 1,
        requested: '1500',
        fees: '0',
        payerTotal: '1500',
        payeeTotal: '1500',
      },
      {
        currency: 'USD',
        count: 2,
        requested: '0.30',
        fees: '0.03',
        payerTotal: '0.33',
        payeeTotal: '0.30',
      },
    ]);
  });
});

describe('approvalsRequired', () => {
  const thresholds = new Map([['USD', '10000']]);
  const usd = (requested: string) => [
    {
      currency: 'USD' as const,
      count: 1,
      requested,
      fees: '0',
      payerTotal: requested,
      payeeTotal: requested,
    },
  ];

  it.each([
    ['9999.99', 1],
    ['10000.00', 1],
    ['10000.01', 2],
  ])('a USD total of %s needs %i approver(s)', (requested, expected) => {
    expect(approvalsRequired(usd(requested), thresholds)).toBe(expected);
  });

  it('needs one approver for a currency without a threshold', () => {
    expect(
      approvalsRequired([{ ...usd('1')[0], currency: 'RWF', requested: '99999999' }], thresholds),
    ).toBe(1);
  });
});
