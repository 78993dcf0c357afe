import { ConcurrencyLimiter } from './concurrency-limiter';
import { settle } from './testing/manual-time';

describe('ConcurrencyLimiter', () => {
  it('lets at most `limit` holders in, then serves waiters in order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    const releases = new Map<string, () => void>();
    const enter = (name: string): Promise<void> =>
      limiter.acquire().then((release) => {
        order.push(name);
        releases.set(name, release);
      });

    const all = Promise.all(['a', 'b', 'c', 'd'].map(enter));
    await settle();
    expect(order).toEqual(['a', 'b']);
    expect(limiter.inFlight).toBe(2);

    releases.get('b')?.();
    await settle();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(limiter.inFlight).toBe(2);

    releases.get('a')?.();
    await all;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    releases.get('c')?.();
    releases.get('d')?.();
    expect(limiter.inFlight).toBe(0);
  });

  it('ignores a second release of the same slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.inFlight).toBe(0);
    const again = await limiter.acquire();
    expect(limiter.inFlight).toBe(1);
    again();
  });

  it.each([0, 1.5, -2])('refuses a limit of %d', (limit) => {
    expect(() => new ConcurrencyLimiter(limit)).toThrow(RangeError);
  });
});
