import { RateLimiter } from './rate-limiter';
import { ManualTime } from './testing/manual-time';

describe('RateLimiter', () => {
  function setup(rps: number) {
    const time = new ManualTime(1_000_000);
    const limiter = new RateLimiter(rps, time.clock, time.sleep);
    const starts: number[] = [];
    const take = (): Promise<void> => limiter.acquire().then(() => void starts.push(time.clock()));
    return { time, limiter, starts, take };
  }

  it.each([
    [10, [0, 100, 200, 300]],
    [4, [0, 250, 500, 750]],
    [0.5, [0, 2000, 4000, 6000]],
  ])('at %d requests per second spaces requests evenly: %j ms', async (rps, offsets) => {
    const { time, starts, take } = setup(rps);
    const all = Promise.all(offsets.map(() => take()));
    await time.advance(10_000);
    await all;
    expect(starts.map((start) => start - 1_000_000)).toEqual(offsets);
  });

  it('lets a request through at once after a quiet spell', async () => {
    const { time, starts, take } = setup(10);
    await take();
    await time.advance(5000);
    await take();
    expect(starts).toEqual([1_000_000, 1_005_000]);
  });

  it('after a stall, never lets more than the limit leave within one second', async () => {
    const { time, starts, take } = setup(10);
    const all = Promise.all(Array.from({ length: 40 }, () => take()));
    await time.advance(450);
    // The process is busy for 400 ms: every sleeper whose slot passed wakes late, at once.
    time.set(time.clock() + 400);
    await time.advance(10_000);
    await all;
    expect(starts).toHaveLength(40);
    for (const start of starts) {
      const inSecond = starts.filter((other) => other >= start && other < start + 1000);
      expect(inSecond.length).toBeLessThanOrEqual(10);
    }
    // ... and goes on at the full rate afterwards: 40 requests in 3.9 s, plus the 0.4 s stall.
    expect(starts[39] - starts[0]).toBeLessThanOrEqual(4_300);
  });

  it('holds every request during a pause', async () => {
    const { time, limiter, starts, take } = setup(10);
    limiter.pauseUntil(1_000_500);
    const all = Promise.all([take(), take()]);
    await time.advance(2000);
    await all;
    expect(starts).toEqual([1_000_500, 1_000_600]);
  });

  it('holds a request already waiting for its slot when a pause starts', async () => {
    const { time, limiter, starts, take } = setup(10);
    const first = take();
    const second = take(); // its slot is at +100 ms
    await time.advance(50);
    limiter.pauseUntil(1_001_000); // a 429 arrives at +50 ms
    await time.advance(3000);
    await Promise.all([first, second]);
    expect(starts[0]).toBe(1_000_000);
    expect(starts[1]).toBeGreaterThanOrEqual(1_001_000);
  });

  it('never shortens a pause and reports what remains', async () => {
    const { time, limiter } = setup(10);
    limiter.pauseUntil(1_002_000);
    limiter.pauseUntil(1_001_000);
    expect(limiter.remainingPauseMs()).toBe(2000);
    await time.advance(1500);
    expect(limiter.remainingPauseMs()).toBe(500);
    await time.advance(1000);
    expect(limiter.remainingPauseMs()).toBe(0);
  });

  it.each([0, -1, Number.NaN])('refuses %d requests per second', (rps) => {
    const time = new ManualTime();
    expect(() => new RateLimiter(rps, time.clock, time.sleep)).toThrow(RangeError);
  });
});
