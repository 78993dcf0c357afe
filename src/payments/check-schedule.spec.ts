import { FIRST_CHECK_DELAY_MS, nextCheckDelayMs } from './check-schedule';

describe('nextCheckDelayMs', () => {
  it.each([
    [0, 2_000],
    [1_000, 2_000],
    [5_000, 2_000],
    [10_000, 4_000],
    [30_000, 12_000],
    [75_000, 30_000],
    [3_600_000, 30_000],
  ])('%i ms after the send, looks again in %i ms', (age, delay) => {
    expect(nextCheckDelayMs(age)).toBe(delay);
  });

  it('never asks sooner than the first interval, even for a clock that went back', () => {
    expect(nextCheckDelayMs(-5_000)).toBe(FIRST_CHECK_DELAY_MS);
  });

  it('waits the configured first interval, then grows the same way', () => {
    expect(nextCheckDelayMs(0, 300)).toBe(300);
    expect(nextCheckDelayMs(500, 300)).toBe(300);
    expect(nextCheckDelayMs(10_000, 300)).toBe(4_000);
    expect(nextCheckDelayMs(-5_000, 300)).toBe(300);
  });

  it('follows a payment that stays PROCESSING for 30 s with a handful of polls', () => {
    let age = nextCheckDelayMs(0);
    let polls = 1;
    while (age < 30_000) {
      age += nextCheckDelayMs(age);
      polls += 1;
    }
    expect(polls).toBeLessThanOrEqual(9);
    expect(age).toBeLessThan(45_000);
  });
});
