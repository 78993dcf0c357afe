import { convert, formatRate, fxRate, gatewayFeeBps, platformFeeBps, quote } from './fees';
import type { FeeBearer, OperationType, PaymentMethod } from './enums';
import type { Currency } from './money';

describe('fees and FX', () => {
  it.each([
    ['MTN_MOMO_LBR', 'COLLECTION', 200],
    ['ORANGE_MONEY_LBR', 'PAYOUT', 150],
    ['AIRTEL_RWA', 'COLLECTION', 200],
    ['CREDIT_CARD', 'COLLECTION', 290],
    ['WALLET', 'PAYOUT', 0],
    ['MTN_MOMO_LBR', 'TRANSFER', 0],
    ['MTN_MOMO_LBR', 'REFUND', 0],
  ] as const)('gateway fee of %s %s is %s bp', (method, operation, bps) => {
    expect(gatewayFeeBps(method, operation)).toBe(bps);
  });

  it.each([
    ['COLLECTION', 'default', 100],
    ['PAYOUT', 'default', 50],
    ['TRANSFER', 'default', 25],
    ['REFUND', 'default', 0],
    ['COLLECTION', 'growth', 75],
    ['COLLECTION', 'unknown', 100],
  ] as const)('platform fee of %s on tier %s is %s bp', (operation, tier, bps) => {
    expect(platformFeeBps(operation, tier)).toBe(bps);
  });

  it.each([
    ['USD', 'LRD', '190'],
    ['LRD', 'USD', '0.00526316'],
    ['USD', 'RWF', '1400'],
    ['LRD', 'RWF', '7.36842105'],
    ['USD', 'USD', '1'],
  ] as const)('the %s -> %s rate reads %s', (from, to, text) => {
    expect(formatRate(fxRate(from, to))).toBe(text);
  });

  it.each([
    [10000n, 'USD', 'LRD', 1900000n],
    [10000n, 'USD', 'RWF', 140000n],
    [1900000n, 'LRD', 'USD', 10000n],
    [1n, 'LRD', 'USD', 0n],
    [100n, 'LRD', 'RWF', 7n],
  ] as const)('converts %s minor %s into %s minor %s', (minor, from, to, result) => {
    expect(convert(minor, fxRate(from, to))).toBe(result);
  });

  type Row = [
    string,
    bigint,
    Currency,
    Currency,
    PaymentMethod,
    OperationType,
    FeeBearer,
    { payer: bigint; payee: bigint; platform: bigint; gateway: bigint; fx: bigint },
  ];
  it.each<Row>([
    [
      'PAYER, no FX: payer pays total + fees',
      25000n,
      'USD',
      'USD',
      'MTN_MOMO_LBR',
      'COLLECTION',
      'PAYER',
      { payer: 25750n, payee: 25000n, platform: 250n, gateway: 500n, fx: 0n },
    ],
    [
      'PAYEE, no FX: payee receives total - fees',
      25000n,
      'USD',
      'USD',
      'MTN_MOMO_LBR',
      'COLLECTION',
      'PAYEE',
      { payer: 25000n, payee: 24250n, platform: 250n, gateway: 500n, fx: 0n },
    ],
    [
      'PAYER with FX USD -> LRD',
      10000n,
      'USD',
      'LRD',
      'MTN_MOMO_LBR',
      'COLLECTION',
      'PAYER',
      { payer: 1985500n, payee: 10000n, platform: 19000n, gateway: 38000n, fx: 28500n },
    ],
    [
      'PAYEE with FX USD -> LRD',
      10000n,
      'USD',
      'LRD',
      'MTN_MOMO_LBR',
      'COLLECTION',
      'PAYEE',
      { payer: 1900000n, payee: 9550n, platform: 19000n, gateway: 38000n, fx: 28500n },
    ],
    [
      'RWF rounds to whole francs',
      1001n,
      'RWF',
      'RWF',
      'MTN_MOMO_RWA',
      'COLLECTION',
      'PAYER',
      { payer: 1031n, payee: 1001n, platform: 10n, gateway: 20n, fx: 0n },
    ],
    [
      'payout: wallet pays amount + fees',
      10000n,
      'USD',
      'USD',
      'ORANGE_MONEY_LBR',
      'PAYOUT',
      'PAYER',
      { payer: 10200n, payee: 10000n, platform: 50n, gateway: 150n, fx: 0n },
    ],
  ])('%s', (_name, base, baseCurrency, target, method, operation, feeBearer, expected) => {
    const q = quote({
      baseMinor: base,
      baseCurrency,
      targetCurrency: target,
      method,
      operation,
      feeBearer,
    });
    expect({
      payer: q.payerMinor,
      payee: q.payeeMinor,
      platform: q.platformFeeMinor,
      gateway: q.gatewayFeeMinor,
      fx: q.fxFeeMinor,
    }).toEqual(expected);
    expect(q.payerCurrency).toBe(target);
    expect(q.payeeCurrency).toBe(baseCurrency);
  });

  it('keeps the §7 invariants', () => {
    const input = {
      baseMinor: 12345n,
      baseCurrency: 'USD',
      targetCurrency: 'LRD',
      method: 'MTN_MOMO_LBR',
      operation: 'COLLECTION',
    } as const;
    const converted = convert(12345n, fxRate('USD', 'LRD'));
    const payer = quote({ ...input, feeBearer: 'PAYER' });
    const payee = quote({ ...input, feeBearer: 'PAYEE' });
    const fees = (q: typeof payer) => q.platformFeeMinor + q.gatewayFeeMinor + q.fxFeeMinor;
    expect(payer.payeeMinor).toBe(12345n);
    expect(payer.payerMinor).toBe(converted + fees(payer));
    expect(payee.payerMinor).toBe(converted);
    expect(payee.payeeMinor).toBe(12345n - convert(fees(payee), fxRate('LRD', 'USD')));
  });
});
