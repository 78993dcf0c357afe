export interface BackoffOptions {
  /** Cap of the first retry's delay; doubles with each further retry. */
  readonly baseDelayMs: number;
  /** No delay is ever longer than this. */
  readonly maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a uniformly random delay between 0 and
 * min(maxDelayMs, baseDelayMs * 2^(retry-1)). The randomness spreads retries of many clients (and
 * of many calls in one client) so they do not hit Dollr in waves. `retry` counts from 1.
 */
export function fullJitterDelayMs(
  retry: number,
  options: BackoffOptions,
  random: () => number,
): number {
  const ceiling = exponentialDelayMs(retry, options);
  return Math.floor(Math.min(Math.max(random(), 0), 1) * ceiling);
}

/** The deterministic ceiling: baseDelayMs * 2^(retry-1), capped at maxDelayMs. */
export function exponentialDelayMs(retry: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.floor(retry) - 1);
  // 2 ** 1100 is Infinity, which Math.min turns into the cap.
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** exponent);
}
