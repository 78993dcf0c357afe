import { fromMinorUnits } from './amount';
import {
  type DecimalSeparator,
  formatMinorUnits,
  parseAmountNumber,
  parseAmountText,
  positiveMinorUnits,
} from './amount-input';
import type { CurrencyCode } from './currency';

describe('parseAmountText', () => {
  it.each<[string, DecimalSeparator, string, CurrencyCode | null]>([
    ['1250.50', '.', '1250.5', null],
    ['1,250.50', '.', '1250.5', null],
    ['1 250.50', '.', '1250.5', null],
    ['1\u00a0250,50', ',', '1250.5', null],
    ['1.250,50', ',', '1250.5', null],
    ['1250,5', ',', '1250.5', null],
    ['$1,250', '.', '1250', null],
    ['US$ 99.99', '.', '99.99', 'USD'],
    ['L$5,000.00', '.', '5000', 'LRD'],
    ['RWF 15,000', '.', '15000', 'RWF'],
    ['15 000 FRW', '.', '15000', 'RWF'],
    ['0012.500', '.', '12.5', null],
    ['-5', '.', '-5', null],
    ['(1,000.00)', '.', '-1000', null],
    ['0.10', '.', '0.1', null],
    ["1'000'000.25", '.', '1000000.25', null],
  ])('%s with decimal "%s" is %s', (input, separator, value, currencyHint) => {
    expect(parseAmountText(input, separator)).toEqual({ ok: true, value, currencyHint });
  });

  it.each<[string, DecimalSeparator, string]>([
    ['', '.', 'missing'],
    ['  ', '.', 'missing'],
    ['abc', '.', 'not-a-number'],
    ['1,25', '.', 'wrong-separator'],
    ['1250.50', ',', 'wrong-separator'],
    ['1.25E+05', '.', 'scientific'],
    ['12,34,567', '.', 'not-a-number'],
    ['1.2.3', '.', 'not-a-number'],
  ])('%s with decimal "%s" is refused as %s', (input, separator, problem) => {
    expect(parseAmountText(input, separator)).toMatchObject({ ok: false, problem });
  });
});

describe('parseAmountNumber (Excel number cells)', () => {
  it.each<[number, string]>([
    [1250.5, '1250.5'],
    [0.1 + 0.2, '0.3'],
    [1234.5599999999999, '1234.56'],
    [15000, '15000'],
    [1e21, '1000000000000000000000'],
    [0.000001, '0.000001'],
    [-20, '-20'],
  ])('%d is %s', (input, value) => {
    expect(parseAmountNumber(input)).toEqual({ ok: true, value, currencyHint: null });
  });
});

describe('positiveMinorUnits', () => {
  it.each<[string, CurrencyCode, bigint]>([
    ['1250.5', 'USD', 125050n],
    ['0.01', 'LRD', 1n],
    ['15000', 'RWF', 15000n],
    ['9999999999.99', 'USD', 999999999999n],
  ])('%s %s is %d minor units', (value, currency, minor) => {
    expect(positiveMinorUnits(value, currency)).toEqual({ ok: true, minor });
  });

  it.each<[string, CurrencyCode, string]>([
    ['1250.505', 'USD', 'too-many-decimals'],
    ['1500.5', 'RWF', 'too-many-decimals'],
    ['0', 'USD', 'not-positive'],
    ['-5', 'USD', 'not-positive'],
    ['100000000000000000', 'USD', 'too-large'],
  ])('%s %s is refused as %s', (value, currency, problem) => {
    expect(positiveMinorUnits(value, currency)).toMatchObject({ ok: false, problem });
  });
});

describe('formatMinorUnits', () => {
  it.each<[bigint, CurrencyCode]>([
    [125050n, 'USD'],
    [1n, 'USD'],
    [0n, 'LRD'],
    [15000n, 'RWF'],
    [-250n, 'USD'],
    [999999999999999n, 'USD'],
  ])('formats %d %s like fromMinorUnits', (minor, currency) => {
    expect(formatMinorUnits(minor, currency)).toBe(fromMinorUnits(minor, currency));
  });
});
