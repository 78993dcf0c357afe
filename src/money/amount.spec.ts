import { AmountError, MAX_MINOR_UNITS, fromMinorUnits, sumAmounts, toMinorUnits } from './amount';

describe('toMinorUnits / fromMinorUnits', () => {
  it.each([
    ['0.10', 'USD', 10n, '0.10'],
    ['1250.5', 'USD', 125050n, '1250.50'],
    ['9999999999.99', 'LRD', 999999999999n, '9999999999.99'],
    ['1500', 'RWF', 1500n, '1500'],
    ['1500.00', 'RWF', 1500n, '1500'],
    ['-3.25', 'USD', -325n, '-3.25'],
  ] as const)('%s %s <-> %s minor units', (amount, currency, minor, formatted) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBe(formatted);
  });

  it.each([
    ['0.001', 'USD', 'at most 2 decimals'],
    ['10.5', 'RWF', 'whole numbers'],
    ['1,000.00', 'USD', 'not a decimal number'],
    ['1e3', 'USD', 'not a decimal number'],
    ['', 'USD', 'not a decimal number'],
    ['99999999999999999', 'USD', 'larger than'],
  ] as const)('%s %s is refused (%s)', (amount, currency, message) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(AmountError);
    expect(() => toMinorUnits(amount, currency)).toThrow(message);
  });

  it('keeps the largest storable amount an exact JavaScript integer', () => {
    expect(Number.isSafeInteger(Number(MAX_MINOR_UNITS))).toBe(true);
  });
});

describe('sumAmounts', () => {
  it('adds without floating-point error', () => {
    expect(sumAmounts(['0.10', '0.20'], 'USD')).toBe('0.30');
    expect(sumAmounts(['9999999999.99', '0.01'], 'USD')).toBe('10000000000.00');
    expect(sumAmounts([], 'RWF')).toBe('0');
  });
});
