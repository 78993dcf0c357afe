import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Waits for `work` to settle, at most `ms`: true when it did, false when time ran out first (the
 * work goes on, unawaited).
 */
export async function settleWithin(
  work: readonly Promise<unknown>[],
  ms: number,
): Promise<boolean> {
  const timer = new AbortController();
  try {
    return await Promise.race([
      Promise.allSettled(work).then(() => true),
      sleep(ms, false, { signal: timer.signal }).catch(() => false),
    ]);
  } finally {
    timer.abort();
  }
}
