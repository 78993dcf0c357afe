import type { ExecutionResponse } from '../dollr/types';
import { executionFees } from './execution-fees';

const base: ExecutionResponse = { reference_id: 'r', status: 'COMPLETED' };

describe('executionFees', () => {
  it.each([
    [
      'platform + gateway + FX',
      { platform_fee: '0.75', gateway_fee: '2.25', fx_fee: '0.00' },
      300n,
    ],
    ['no FX fee given', { platform_fee: '0.75', gateway_fee: '2.25' }, 300n],
    [
      'whole-unit currency',
      { platform_fee: '75', gateway_fee: '225', payer_currency: 'RWF' },
      300n,
    ],
  ])('%s', (_label, fields, expected) => {
    const currency = 'payer_currency' in fields ? 'RWF' : 'USD';
    expect(executionFees({ ...base, ...fields }, currency)).toBe(expected);
  });

  it.each([
    ['no fees in the response', {}],
    [
      'fees in another currency',
      { platform_fee: '1.00', gateway_fee: '1.00', payer_currency: 'LRD' },
    ],
    ['a fee that is not a decimal string', { platform_fee: 1, gateway_fee: '1.00' }],
    ['more decimals than the currency has', { platform_fee: '0.755', gateway_fee: '1.00' }],
  ])('is unknown with %s', (_label, fields) => {
    expect(executionFees({ ...base, ...fields }, 'USD')).toBeNull();
  });
});
