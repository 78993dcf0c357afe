import type { Clock, Sleep } from '../timing';

/** A clock and sleep for unit specs: time moves only when the spec calls `advance`. */
export class ManualTime {
  private nowMs: number;
  private timers: { at: number; resolve: () => void }[] = [];

  constructor(startMs = 0) {
    this.nowMs = startMs;
  }

  readonly clock: Clock = () => this.nowMs;

  readonly sleep: Sleep = (ms) =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.nowMs + Math.max(0, ms), resolve });
    });

  /** Moves time forward, waking every sleeper that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (next === undefined || next.at > target) break;
      this.timers.shift();
      this.nowMs = Math.max(this.nowMs, next.at);
      next.resolve();
    }
    this.nowMs = target;
    await settle();
  }

  set(ms: number): void {
    this.nowMs = ms;
  }
}

/** Lets every pending promise callback run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
