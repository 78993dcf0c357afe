/** Dollr's advice: poll every 2-5 s. Nothing is asked before the first interval has passed. */
export const FIRST_CHECK_DELAY_MS = 2_000;
const MAX_CHECK_DELAY_MS = 30_000;

/**
 * When to look at an in-flight payment again, by how long ago its execution was last sent (or its
 * outcome was lost): not before the first interval (DOLLR_FIRST_STATUS_CHECK_MS), since mobile
 * money does not settle sooner, then at a delay growing with that age (40 % of it, at most 30 s).
 * Short payments cost one poll; one that sits in PROCESSING for minutes is asked about a few times
 * a minute, not every second.
 */
export function nextCheckDelayMs(sinceSentMs: number, firstMs = FIRST_CHECK_DELAY_MS): number {
  const proportional = Math.round(Math.max(0, sinceSentMs) * 0.4);
  return Math.min(MAX_CHECK_DELAY_MS, Math.max(firstMs, proportional));
}
