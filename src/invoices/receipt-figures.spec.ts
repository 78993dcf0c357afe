import { receiptFeeIn, receiptFigures } from './receipt-figures';

describe('receiptFigures', () => {
  it('reads amounts, fees and FX of a receipt paid in another currency', () => {
    const figures = receiptFigures(
      {
        payer_amount: '19855.00',
        payer_currency: 'LRD',
        payee_amount: '100.00',
        payee_currency: 'USD',
        fx_rate: '190',
        fx_currency_from: 'USD',
        fx_currency_to: 'LRD',
        platform_fee: '190.00',
        gateway_fee: '380.00',
        fx_fee: '285.00',
        fee_currency: 'LRD',
        provider: 'PAWAPAY',
        provider_transaction_id: 'pp_123',
        paid_at: '2026-03-01T10:00:00Z',
      },
      'USD',
    );
    expect(figures).toEqual({
      payerAmountMinor: 1985500n,
      payerCurrency: 'LRD',
      payeeAmountMinor: 10000n,
      payeeCurrency: 'USD',
      platformFeeMinor: 19000n,
      gatewayFeeMinor: 38000n,
      fxFeeMinor: 28500n,
      feeCurrency: 'LRD',
      fxRate: '190',
      provider: 'PAWAPAY',
      providerTransactionId: 'pp_123',
      paidAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('falls back to the invoice currency and leaves unreadable fields empty', () => {
    const figures = receiptFigures({ payer_amount: '257.50', payee_amount: 'n/a' }, 'USD');
    expect(figures).toMatchObject({
      payerAmountMinor: 25750n,
      payerCurrency: 'USD',
      payeeAmountMinor: null,
      platformFeeMinor: null,
      fxRate: null,
      paidAt: null,
    });
  });

  it('refuses an amount with more decimals than its currency rather than rounding it', () => {
    expect(
      receiptFigures({ payer_amount: '10.5', payer_currency: 'RWF' }, 'RWF').payerAmountMinor,
    ).toBeNull();
  });
});

describe('receiptFeeIn', () => {
  const fees = { platformFeeMinor: 39n, gatewayFeeMinor: 58n, fxFeeMinor: 0n };

  it('adds the platform, gateway and FX fees when they are in the payment currency', () => {
    expect(receiptFeeIn({ ...fees, feeCurrency: 'USD' }, 'USD')).toBe(97n);
    expect(receiptFeeIn({ ...fees, fxFeeMinor: 3n, feeCurrency: 'USD' }, 'USD')).toBe(100n);
  });

  it('gives no fee in another currency, or when the receipt names none', () => {
    expect(receiptFeeIn({ ...fees, feeCurrency: 'LRD' }, 'USD')).toBeNull();
    expect(receiptFeeIn({ ...fees, feeCurrency: null }, 'USD')).toBeNull();
    expect(
      receiptFeeIn(
        { platformFeeMinor: null, gatewayFeeMinor: null, fxFeeMinor: 5n, feeCurrency: 'USD' },
        'USD',
      ),
    ).toBeNull();
  });
});
