/** Dollr's advice: poll every 2-5 s. Nothing is asked before the first interval has passed. */
export const FIRST_CHECK_DELAY_MS = 2_000;
const MAX_CHECK_DELAY_MS = 30_000;

/** The latest completions a first check is learned from, and how few are too few to learn from. */
export const SETTLE_SAMPLES = 100;
const MIN_SETTLE_SAMPLES = 10;
/** Below the share of payments seen COMPLETED by this long after their send... */
const SETTLE_QUANTILE = 0.8;
/** ...a little, since a completion is seen at the check that finds it, not when it happened. */
const SETTLE_SHRINK = 0.9;

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

/**
 * How long after a send to ask about a payment for the first time, learned from how long the same
 * operator's latest payments took to be seen COMPLETED after their (only) send: a little under the
 * time by which 80 % of them were, so most payments are found complete at their first check. Each
 * such time is when a check found the payment complete, at or after it settled, so the learned
 * delay is shrunk a little each time: a delay longer than needed comes down, and one too short
 * goes up by the second check of the payments it missed. Never sooner than the first interval
 * (DOLLR_FIRST_STATUS_CHECK_MS), never later than 30 s (or the first interval, if longer); with
 * fewer than 10 completions to go by, the first interval.
 */
export function learnedFirstCheckMs(
  settleTimesMs: readonly number[],
  firstMs = FIRST_CHECK_DELAY_MS,
): number {
  if (settleTimesMs.length < MIN_SETTLE_SAMPLES) return firstMs;
  const sorted = settleTimesMs.map((ms) => Math.max(0, ms)).sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(SETTLE_QUANTILE * sorted.length) - 1);
  const learned = Math.round((sorted[index] ?? 0) * SETTLE_SHRINK);
  return Math.min(Math.max(firstMs, MAX_CHECK_DELAY_MS), Math.max(firstMs, learned));
}
