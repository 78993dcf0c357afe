import { FIRST_CHECK_DELAY_MS, learnedFirstCheckMs, nextCheckDelayMs } from './check-schedule';

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

describe('learnedFirstCheckMs', () => {
  it('waits the first interval until ten payouts have completed', () => {
    expect(learnedFirstCheckMs([])).toBe(FIRST_CHECK_DELAY_MS);
    expect(learnedFirstCheckMs(Array<number>(9).fill(8_000))).toBe(FIRST_CHECK_DELAY_MS);
    expect(learnedFirstCheckMs(Array<number>(10).fill(8_000))).toBe(7_200);
  });

  it('takes a little under the time by which 80 % of them were seen complete', () => {
    const times = [...Array<number>(8).fill(5_000), 40_000, 90_000];
    expect(learnedFirstCheckMs(times)).toBe(4_500);
  });

  it('stays between the first interval and 30 s', () => {
    expect(learnedFirstCheckMs(Array<number>(20).fill(-500))).toBe(FIRST_CHECK_DELAY_MS);
    expect(learnedFirstCheckMs(Array<number>(20).fill(600_000))).toBe(30_000);
    expect(learnedFirstCheckMs(Array<number>(20).fill(600_000), 45_000)).toBe(45_000);
  });

  /**
   * Payouts that settle 2.0-2.6 s after their send (like the sandbox's), each checked first at the
   * delay learned from the last 100 completions, then as nextCheckDelayMs says; a check is seen
   * 100 ms after it was due. Returns the polls per payout of the last `measured` payouts, and the
   * first check's delay at the end.
   */
  function simulate(
    learn: boolean,
    payouts = 2_000,
    measured = 500,
  ): { polls: number; firstMs: number } {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const seen: number[] = [];
    let polls = 0;
    for (let i = 0; i < payouts; i += 1) {
      const settlesAt = 2_000 + random() * 600;
      const first = learn ? learnedFirstCheckMs(seen.slice(-100)) : FIRST_CHECK_DELAY_MS;
      let age = first + 100;
      let count = 1;
      while (age < settlesAt) {
        age += nextCheckDelayMs(age) + 100;
        count += 1;
      }
      seen.push(age);
      if (i >= payouts - measured) polls += count;
    }
    return {
      polls: polls / measured,
      firstMs: learn ? learnedFirstCheckMs(seen.slice(-100)) : FIRST_CHECK_DELAY_MS,
    };
  }

  it('brings a payout down to about one poll, where the fixed first interval needs nearly two', () => {
    expect(simulate(false).polls).toBeGreaterThan(1.75);
    const learned = simulate(true);
    expect(learned.polls).toBeLessThan(1.15);
    // Not by waiting much longer than the payouts take (2.0-2.6 s).
    expect(learned.firstMs).toBeLessThan(3_000);
  });
});
