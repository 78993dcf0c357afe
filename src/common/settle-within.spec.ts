import { settleWithin } from './settle-within';

describe('settleWithin', () => {
  it('is true once everything settled in time, failures included', async () => {
    await expect(
      settleWithin([Promise.resolve(1), Promise.reject(new Error('x')), sleepy(10)], 1_000),
    ).resolves.toBe(true);
  });

  it('is false when time runs out first, without waiting for the rest', async () => {
    const started = Date.now();
    await expect(settleWithin([sleepy(5_000)], 50)).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

function sleepy(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
