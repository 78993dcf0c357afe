import { parseRetryAfterMs } from './retry-after';

const NOW = Date.parse('2025-06-01T14:30:00Z');

describe('parseRetryAfterMs', () => {
  it.each([
    ['seconds', '120', 120_000],
    ['zero seconds', '0', 0],
    ['seconds with spaces around', '  7 ', 7000],
    ['IMF-fixdate in the future', 'Sun, 01 Jun 2025 14:30:30 GMT', 30_000],
    ['IMF-fixdate in the past', 'Sun, 01 Jun 2025 14:00:00 GMT', 0],
    ['RFC 850 date', 'Sunday, 01-Jun-25 14:31:00 GMT', 60_000],
    ['asctime date (taken as GMT)', 'Sun Jun  1 14:30:05 2025', 5000],
  ])('reads %s', (_label, header, expected) => {
    expect(parseRetryAfterMs(header, NOW)).toBe(expected);
  });

  it.each([
    ['missing header', null],
    ['undefined', undefined],
    ['empty', ''],
    ['negative seconds', '-5'],
    ['fractional seconds', '1.5'],
    ['words', 'soon'],
    ['ISO 8601 (not an HTTP date)', '2025-06-01T14:31:00Z'],
    ['date without GMT', 'Sun, 01 Jun 2025 14:31:00 +0200'],
    ['impossible date', 'Sun, 45 Foo 2025 99:99:99 GMT'],
  ])('ignores %s', (_label, header) => {
    expect(parseRetryAfterMs(header, NOW)).toBeUndefined();
  });
});
