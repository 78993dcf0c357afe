import type { Clock, Sleep } from './timing';

/**
 * Decides when the client's next request may leave: at most `requestsPerSecond`, evenly spaced
 * (no bursts), and never while a 429 pause is in force. The pause is shared by every caller, so
 * one 429 holds back all requests of the client, including those already waiting for a slot.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlotAt = 0;
  private pausedUntil = 0;

  constructor(
    requestsPerSecond: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {
    if (!(requestsPerSecond > 0)) {
      throw new RangeError(`requestsPerSecond must be positive, got ${requestsPerSecond}`);
    }
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the caller may send one request. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.clock();
      const start = Math.max(now, this.nextSlotAt, this.pausedUntil);
      this.nextSlotAt = start + this.intervalMs;
      if (start > now) await this.sleep(start - now);
      // A 429 may have paused the client while we slept; if so, take a new slot after the pause.
      if (this.clock() >= this.pausedUntil) return;
    }
  }

  /** Holds back every request until `untilMs` (a pause never shortens an existing one). */
  pauseUntil(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** How long requests are still paused, in ms (0 when not paused). */
  remainingPauseMs(): number {
    return Math.max(0, this.pausedUntil - this.clock());
  }
}
