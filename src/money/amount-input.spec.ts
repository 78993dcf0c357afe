import Decimal from 'decimal.js';
import { fromMinorUnits, MAX_MINOR_UNITS } from './amount';
import {
  type DecimalSeparator,
  formatMinorUnits,
  parseAmountNumber,
  parseAmountText,
  parsePlainAmount,
  parseWrittenAmount,
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

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function digits(next: () => number, count: number): string {
  let text = '';
  for (let i = 0; i < count; i += 1) text += String(Math.floor(next() * 10));
  return text;
}

function grouped(integer: string, group: string): string {
  const head = integer.length % 3 || 3;
  let text = integer.slice(0, head);
  for (let i = head; i < integer.length; i += 3) text += group + integer.slice(i, i + 3);
  return text;
}

/** Amounts as cells hold them: plain, grouped, signed, marked, spaced, zero, huge, or broken. */
function amountCells(seed: number, count: number): string[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const cells = [
    '0',
    '0.00',
    '000',
    '0,00',
    '00.5',
    '1,000',
    '1.000',
    '1,000,000.5',
    '1.000.000,5',
    '12,34',
    '1,2345',
    ',5',
    '5.',
    '1e5',
    '1,0000.00',
    '99999999999999999999999999.99',
  ];
  for (let i = 0; i < count; i += 1) {
    const integer = pick(['0', '00', '']) + digits(next, 1 + Math.floor(next() * 22));
    const fraction = digits(next, Math.floor(next() * 6));
    const point = pick(['.', ',']);
    const group = pick([',', '.', "'", ' ', '']);
    let text = group === '' ? integer : grouped(integer, group);
    if (fraction !== '' || next() < 0.1) text += point + fraction;
    const dressing = next();
    if (dressing < 0.05) text = `-${text}`;
    else if (dressing < 0.1) text = `(${text})`;
    else if (dressing < 0.15) text = `US$ ${text}`;
    else if (dressing < 0.2) text = `${text} RWF`;
    else if (dressing < 0.25) text = ` ${text} `;
    cells.push(text);
  }
  return cells;
}

describe('parsePlainAmount (the fast path of parseAmountText)', () => {
  const cells = amountCells(42, 20_000);

  it.each<DecimalSeparator>(['.', ','])(
    'agrees with the full reader and with decimal.js on every cell it takes, decimal "%s"',
    (separator) => {
      const taken = cells.filter((cell) => parsePlainAmount(cell, separator) !== null);
      expect(taken.length).toBeGreaterThan(cells.length / 10);
      const fast = taken.map((cell) => ({ cell, result: parseAmountText(cell, separator) }));
      const full = taken.map((cell) => ({ cell, result: parseWrittenAmount(cell, separator) }));
      expect(fast).toEqual(full);
      // The value is the exact decimal the cell shows.
      const exact = taken.map((cell) => {
        const written = separator === '.' ? cell.replace(/,/g, '') : cell.replace(/\./g, '');
        return { cell, value: new Decimal(written.replace(',', '.')).toFixed() };
      });
      expect(taken.map((cell) => ({ cell, value: parsePlainAmount(cell, separator) }))).toEqual(
        exact,
      );
    },
  );

  it.each<DecimalSeparator>(['.', ','])(
    'leaves every other cell to the full reader, decimal "%s"',
    (separator) => {
      const others = cells.filter((cell) => parsePlainAmount(cell, separator) === null);
      expect(others.length).toBeGreaterThan(cells.length / 10);
      expect(others.map((cell) => parseAmountText(cell, separator))).toEqual(
        others.map((cell) => parseWrittenAmount(cell, separator)),
      );
    },
  );

  it.each<DecimalSeparator>(['.', ','])(
    'gives the minor units decimal.js gives, and the same refusals, decimal "%s"',
    (separator) => {
      const values = cells.flatMap((cell) => {
        const value = parsePlainAmount(cell, separator);
        return value === null ? [] : [value];
      });
      for (const currency of ['USD', 'LRD', 'RWF'] as const) {
        const exponent = currency === 'RWF' ? 0 : 2;
        const viaDecimal = values.map((value) => {
          const scaled = new Decimal(value).times(10 ** exponent);
          return positiveMinorUnits(value, currency).ok
            ? { value, minor: scaled.toFixed() }
            : {
                value,
                refused:
                  !scaled.isInteger() || scaled.lte(0) || scaled.gt(MAX_MINOR_UNITS.toString()),
              };
        });
        const viaMinorUnits = values.map((value) => {
          const minor = positiveMinorUnits(value, currency);
          return minor.ok ? { value, minor: minor.minor.toString() } : { value, refused: true };
        });
        expect(viaMinorUnits).toEqual(viaDecimal);
      }
    },
  );

  it.each<[string, DecimalSeparator, string | null]>([
    ['1250.50', '.', '1250.5'],
    ['1,250.50', '.', '1250.5'],
    ['1.250,50', ',', '1250.5'],
    ['1250,50', ',', '1250.5'],
    ['0012.500', '.', '12.5'],
    ['0.00', '.', '0'],
    ['1.250', '.', '1.25'],
    ['1,250', ',', '1.25'],
    ['12,34', '.', null],
    ['1250.50', ',', null],
    ['-5', '.', null],
    ['$5', '.', null],
    [' 5', '.', null],
    ["1'000", '.', null],
  ])('%s with decimal "%s" is %s', (cell, separator, value) => {
    expect(parsePlainAmount(cell, separator)).toBe(value);
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

  it('is the number rounded to the 15 significant digits Excel shows, whatever the number', () => {
    let seed = 7;
    const next = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const numbers = [0, -0, 5e-7, 123456789012345, 1234567890123456, 0.1 + 0.7, -1e-7];
    for (let i = 0; i < 20_000; i += 1) {
      const cents = Math.floor(next() * 10 ** Math.floor(next() * 14));
      numbers.push(cents / 100, cents / 1000, next() * 10 ** (Math.floor(next() * 30) - 10));
    }
    for (const input of numbers) {
      const parsed = parseAmountNumber(input);
      const expected = new Decimal(input.toPrecision(15)).toFixed();
      expect({ input, value: parsed.ok ? parsed.value : null }).toEqual({
        input,
        value: expected === '-0' ? '0' : expected,
      });
    }
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
