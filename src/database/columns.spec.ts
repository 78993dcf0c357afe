import { minorUnitsTransformer, toBigInt } from './columns';

describe('toBigInt (reading BIGINT minor units from either driver)', () => {
  it.each([
    [42, 42n],
    ['999999999999', 999999999999n],
    ['-5', -5n],
    [7n, 7n],
  ])('%p -> %p', (input, expected) => {
    expect(toBigInt(input)).toBe(expected);
  });

  it.each([[2 ** 53 + 2], [0.5], ['1.5'], ['abc'], [null]])(
    'refuses %p rather than round it',
    (input) => {
      expect(() => toBigInt(input)).toThrow();
    },
  );
});

describe('minorUnitsTransformer', () => {
  it('writes bigints as integer strings and reads nulls as null', () => {
    expect(minorUnitsTransformer.to(123n)).toBe('123');
    expect(minorUnitsTransformer.to(null)).toBeNull();
    expect(minorUnitsTransformer.from(null)).toBeNull();
    expect(minorUnitsTransformer.from('10')).toBe(10n);
  });
});
