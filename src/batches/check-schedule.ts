/**
 * When to look at an in-flight payment again, by how long ago its attempt started: young items
 * often (mobile money usually settles in seconds), old ones less (it can sit in PROCESSING for
 * minutes). Dollr recommends polling every 2-5 s with backoff.
 */
export function nextCheckDelayMs(attemptAgeMs: number): number {
  if (attemptAgeMs < 15_000) return 1_000;
  if (attemptAgeMs < 60_000) return 3_000;
  if (attemptAgeMs < 5 * 60_000) return 10_000;
  return 30_000;
}
