import type { Clock, Sleep } from './timing';

/** The span over which the limit is counted: one second. */
export const WINDOW_MS = 1000;

/** What the transport asks before each request leaves, and tells after a 429. */
export interface RequestGate {
  /** Resolves when the caller may send one request. */
  acquire(): Promise<void>;
  pauseUntil(untilMs: number): void;
  remainingPauseMs(): number;
}

/**
 * Decides when the client's next request may leave: at most `requestsPerSecond`, evenly spaced
 * (no bursts), and never while a 429 pause is in force. The pause is shared by every caller, so
 * one 429 holds back all requests of the client, including those already waiting for a slot.
 *
 * Spacing alone is not enough when the process stalls (a busy CPU, a long synchronous step):
 * requests whose slots passed meanwhile would all leave at once on top of the next second's
 * share. So the limiter also remembers when the last requests left and never lets more than the
 * limit leave within any one second.
 */
export class RateLimiter implements RequestGate {
  private intervalMs = 0;
  private perWindow = 0;
  /** When the requests of the last second left, oldest first. */
  private readonly recent: number[] = [];
  private nextSlotAt = 0;
  private pausedUntil = 0;

  constructor(
    requestsPerSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    this.setRate(requestsPerSecond);
  }

  /**
   * Changes the limit from now on. Requests that left in the last second still count, so a lower
   * limit holds the next request back until the last second's requests fit under it.
   */
  setRate(requestsPerSecond: number): void {
    if (!(requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
    }
    this.intervalMs = 1000 / requestsPerSecond;
    this.perWindow = Math.max(1, Math.floor(requestsPerSecond));
  }

  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock();
      const start = Math.max(now, this.nextSlotAt, this.pausedUntil, this.windowOpensAt(now));
      this.nextSlotAt = start + this.intervalMs;
      if (start > now) await this.sleep(start - now);
      // A 429 may have paused the client while we slept, or late sleepers may have filled the
      // second; if so, take a new slot.
      const at = this.clock();
      if (at >= this.pausedUntil && this.windowOpensAt(at) <= at) {
        this.recent.push(at);
        return;
      }
    }
  }

  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  remainingPauseMs(): number {
    return Math.max(0, this.pausedUntil - this.clock());
  }

  /** When one more request fits into the last second (0 if it fits now). */
  private windowOpensAt(now: number): number {
    while (this.recent.length > 0 && this.recent[0] <= now - WINDOW_MS) this.recent.shift();
    return this.recent.length < this.perWindow ? 0 : this.recent[0] + WINDOW_MS;
  }
}
