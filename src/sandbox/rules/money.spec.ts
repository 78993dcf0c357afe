import { divideRounded, formatMinorUnits, parseDecimal, toMinorUnits } from './money';

describe('money', () => {
  it.each([
    ['250', 'USD', 25000n],
    ['250.00', 'USD', 25000n],
    ['250.5', 'USD', 25050n],
    ['0.01', 'USD', 1n],
    ['2.5e2', 'LRD', 25000n],
    ['1500', 'RWF', 1500n],
    ['1500.00', 'RWF', 1500n],
    ['1.5e3', 'RWF', 1500n],
    ['9007199254740993', 'RWF', 9007199254740993n],
  ] as const)('%s %s is %s minor units', (text, currency, minor) => {
    expect(toMinorUnits(text, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['0.001', 'USD', 'too_many_decimals'],
    ['250.5', 'RWF', 'too_many_decimals'],
    ['1e-3', 'LRD', 'too_many_decimals'],
    ['abc', 'USD', 'not_a_number'],
    ['1,5', 'USD', 'not_a_number'],
    ['', 'USD', 'not_a_number'],
  ] as const)('%s %s is refused (%s)', (text, currency, reason) => {
    expect(toMinorUnits(text, currency)).toEqual({ ok: false, reason });
  });

  it.each([
    [25050n, 'USD', '250.50'],
    [1n, 'USD', '0.01'],
    [0n, 'LRD', '0.00'],
    [-5n, 'USD', '-0.05'],
    [1500n, 'RWF', '1500'],
  ] as const)('formats %s %s as %s', (minor, currency, text) => {
    expect(formatMinorUnits(minor, currency)).toBe(text);
  });

  it('parses exactly, beyond float precision', () => {
    expect(parseDecimal('0.30000000000000004')).toEqual({ digits: 30000000000000004n, scale: 17 });
  });

  it.each([
    [5n, 2n, 3n],
    [4n, 3n, 1n],
    [-5n, 2n, -3n],
    [1n, 3n, 0n],
  ])('divides %s by %s rounding half away from zero to %s', (numerator, denominator, result) => {
    expect(divideRounded(numerator, denominator)).toBe(result);
  });
});
