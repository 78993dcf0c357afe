import { cacheEntry, type ObtainedToken, TokenCache } from './token-cache';
import { ManualTime, settle } from './testing/manual-time';

const MINUTE = 60_000;

describe('cacheEntry', () => {
  it.each([
    // lifetime (min), refresh after (min): 5 minutes before expiry, or at half-life when shorter
    [60, 55],
    [10, 5],
    [6, 3],
    [1, 0.5],
    [0.5, 0.25],
  ])('a %d-minute token is refreshed after %d minutes', (lifetime, refreshAfter) => {
    const entry = cacheEntry({ accessToken: 't', expiresInMinutes: lifetime }, 0, 5 * MINUTE);
    expect(entry.refreshAt).toBe(refreshAfter * MINUTE);
    expect(entry.expiresAt).toBe(lifetime * MINUTE);
  });
});

describe('TokenCache', () => {
  function setup(lifetimeMinutes = 60) {
    const time = new ManualTime(0);
    let issued = 0;
    const obtain = jest.fn((): Promise<ObtainedToken> =>
      Promise.resolve({ accessToken: `token-${++issued}`, expiresInMinutes: lifetimeMinutes }),
    );
    const cache = new TokenCache(obtain, time.clock);
    return { time, obtain, cache };
  }

  it('shares one token request between concurrent callers', async () => {
    const { obtain, cache } = setup();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(obtain).toHaveBeenCalledTimes(1);
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
  });

  it('reuses the token until fewer than 5 minutes remain, then refreshes once', async () => {
    const { time, obtain, cache } = setup(60);
    expect(await cache.get()).toBe('token-1');
    time.set(55 * MINUTE - 1);
    expect(await cache.get()).toBe('token-1');
    expect(obtain).toHaveBeenCalledTimes(1);
    time.set(55 * MINUTE);
    await Promise.all(Array.from({ length: 20 }, () => cache.get()));
    await settle();
    expect(await cache.get()).toBe('token-2');
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  it('hands out the current token while the refresh ahead of expiry is in flight', async () => {
    const { time, obtain, cache } = setup(60);
    await cache.get();
    let answer!: (token: ObtainedToken) => void;
    obtain.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    time.set(56 * MINUTE);
    const during = await Promise.all(Array.from({ length: 20 }, () => cache.get()));
    expect(new Set(during)).toEqual(new Set(['token-1']));
    expect(obtain).toHaveBeenCalledTimes(2);
    answer({ accessToken: 'token-new', expiresInMinutes: 60 });
    await settle();
    expect(await cache.get()).toBe('token-new');
  });

  it('waits for the new token once the current one is too close to expiry to be sent', async () => {
    const { time, obtain, cache } = setup(60);
    await cache.get();
    let answer!: (token: ObtainedToken) => void;
    obtain.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    time.set(57.5 * MINUTE);
    const waiting = Promise.all([cache.get(), cache.get()]);
    await settle();
    answer({ accessToken: 'token-new', expiresInMinutes: 60 });
    expect(new Set(await waiting)).toEqual(new Set(['token-new']));
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  it('invalidates only the token that was refused', async () => {
    const { obtain, cache } = setup();
    await cache.get();
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
    // Late 401s carrying the old token do not throw away the new one.
    cache.invalidate('token-1');
    expect(await cache.get()).toBe('token-2');
    expect(obtain).toHaveBeenCalledTimes(2);
  });

  it('keeps using a still-valid token when an early refresh fails', async () => {
    const { time, obtain, cache } = setup(60);
    await cache.get();
    time.set(57 * MINUTE);
    obtain.mockRejectedValueOnce(new Error('Dollr unavailable'));
    expect(await cache.get()).toBe('token-1');
    await settle();
    // The failed refresh is not cached: the next call tries again, still with the valid token.
    expect(await cache.get()).toBe('token-1');
    await settle();
    expect(await cache.get()).toBe('token-2');
    expect(obtain).toHaveBeenCalledTimes(3);
  });

  it('fails when the token has expired and no new one can be had', async () => {
    const { time, obtain, cache } = setup(60);
    await cache.get();
    time.set(61 * MINUTE);
    obtain.mockRejectedValueOnce(new Error('Dollr unavailable'));
    await expect(cache.get()).rejects.toThrow('Dollr unavailable');
    expect(await cache.get()).toBe('token-2');
  });

  it('starts a new refresh after a failed one instead of caching the failure', async () => {
    const { obtain, cache } = setup();
    let fail!: (error: Error) => void;
    obtain.mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)));
    const waiting = Promise.all([cache.get(), cache.get()]);
    await settle();
    fail(new Error('boom'));
    await expect(waiting).rejects.toThrow('boom');
    expect(await cache.get()).toBe('token-1');
    expect(obtain).toHaveBeenCalledTimes(2);
  });
});
