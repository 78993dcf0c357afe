import { etaText } from './eta';

describe('etaText', () => {
  it.each([
    [0, 100, 5_000, '--'],
    [0, 0, 0, '0s'],
    [10, 10, 1_000, '0s'],
    [50, 100, 10_000, '10s'],
    [1, 100, 2_000, '3m 18s'],
    [10, 10_000, 60_000, '16h 39m'],
    [3, 4, 1, '1s'],
  ])('%i of %i done in %i ms: %s left', (done, total, elapsed, text) => {
    expect(etaText(done, total, elapsed)).toBe(text);
  });

  it('never shows an infinite or non-numeric time', () => {
    for (const [done, total, elapsed] of [
      [0, 5, 0],
      [0, 5, 10_000],
      [1, 5, 0],
    ]) {
      expect(etaText(done, total, elapsed)).toMatch(/^(--|\d+s|\d+m \d\ds|\d+h \d\dm)$/);
    }
  });
});
