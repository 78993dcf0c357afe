import { exponentialDelayMs, fullJitterDelayMs } from './backoff';

const options = { baseDelayMs: 100, maxDelayMs: 1000 };

describe('exponentialDelayMs', () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [50, 1000],
    [2000, 1000],
    [0, 100],
  ])('retry %i has a ceiling of %i ms', (retry, expected) => {
    expect(exponentialDelayMs(retry, options)).toBe(expected);
  });
});

describe('fullJitterDelayMs', () => {
  it.each([
    // retry, random, expected delay
    [1, 0, 0],
    [1, 0.5, 50],
    [1, 0.999, 99],
    [3, 0.5, 200],
    [3, 0.25, 100],
    [6, 0.5, 500],
    [6, 0.999, 999],
    [2, 1.7, 200], // a random source out of range is clamped, never above the ceiling
    [2, -1, 0],
  ])('retry %i with random %d waits %i ms', (retry, random, expected) => {
    expect(fullJitterDelayMs(retry, options, () => random)).toBe(expected);
  });

  it('stays within [0, ceiling) over many random draws', () => {
    const delays = Array.from({ length: 500 }, () => fullJitterDelayMs(4, options, Math.random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(800);
    // Full jitter spreads retries out instead of bunching them at the ceiling.
    expect(new Set(delays).size).toBeGreaterThan(100);
  });
});
