/**
 * How long the status poll leaves a payment alone after asking Dollr about it, by how long it has
 * been in flight: young items at every run (mobile money usually settles within minutes), old ones
 * less and less often (an operator is looking at them by then, and Dollr's rate limit is shared).
 */
export function statusPollDelayMs(inFlightMs: number): number {
  const minute = 60_000;
  if (inFlightMs < 10 * minute) return 0;
  if (inFlightMs < 60 * minute) return 2 * minute;
  if (inFlightMs < 6 * 60 * minute) return 10 * minute;
  if (inFlightMs < 24 * 60 * minute) return 30 * minute;
  return 60 * minute;
}

/** The later of the executor's next look and the poll's backoff; null when the payment is final. */
export function nextPollAt(executorNext: Date | null, inFlightMs: number, now: Date): Date | null {
  if (executorNext === null) return null;
  const backoff = now.getTime() + statusPollDelayMs(inFlightMs);
  return new Date(Math.max(executorNext.getTime(), backoff));
}
