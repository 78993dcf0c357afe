import { DollrUnexpectedResponseError } from './errors';
import { mmoRouting } from './mmo-routing';

describe('mmoRouting', () => {
  it.each([
    [
      'predictions-page names',
      { payment_method: 'MTN_MOMO_LBR', gateway_provider: 'PAWAPAY' },
      { method: 'MTN_MOMO_LBR', provider: 'PAWAPAY' },
    ],
    [
      'payments-by-market names',
      { method: 'AIRTEL_RWA', provider: 'PAWAPAY' },
      { method: 'AIRTEL_RWA', provider: 'PAWAPAY' },
    ],
    [
      'both, the predictions-page names winning',
      { payment_method: 'ORANGE_MONEY_LBR', method: 'MTN_MOMO_LBR', gateway_provider: 'PAWAPAY' },
      { method: 'ORANGE_MONEY_LBR', provider: 'PAWAPAY' },
    ],
  ] as const)('reads %s', (_label, info, expected) => {
    expect(mmoRouting(info)).toEqual(expected);
  });

  it('fails clearly when neither pair is present', () => {
    expect(() => mmoRouting({ payment_method: 'MTN_MOMO_LBR' })).toThrow(
      DollrUnexpectedResponseError,
    );
  });
});
