import { formatMinorUnits } from '../money/amount-input';
import { dateOf, minorText } from './payment-details';

describe('minorText', () => {
  it.each([
    [0, 'USD'],
    [1, 'USD'],
    [-1, 'USD'],
    [99, 'LRD'],
    [100, 'USD'],
    [-12345, 'USD'],
    [15000, 'RWF'],
    [-7, 'RWF'],
    [Number.MAX_SAFE_INTEGER, 'USD'],
  ] as const)('writes %i %s as formatMinorUnits does', (value, currency) => {
    expect(minorText(value, currency === 'RWF' ? 0 : 2)).toBe(
      formatMinorUnits(BigInt(value), currency),
    );
  });
});

describe('dateOf', () => {
  it('reads SQLite UTC text, ISO text and Date values', () => {
    expect(dateOf('2026-01-31 09:30:00.123')?.toISOString()).toBe('2026-01-31T09:30:00.123Z');
    expect(dateOf('2026-01-31T09:30:00Z')?.toISOString()).toBe('2026-01-31T09:30:00.000Z');
    const date = new Date('2026-01-31T09:30:00Z');
    expect(dateOf(date)).toBe(date);
    expect(dateOf(null)).toBeNull();
  });
});
