import type { ExecutionStatus } from './enums';
import type { PhoneScenario } from './phones';

/**
 * An execution's life is planned when it is accepted and stored as timestamps; its status at any
 * moment follows from them and the clock, so every process sharing the state agrees.
 */

export interface ExecutionTiming {
  /** How long a new execution stays PENDING. */
  readonly pendingMs: number;
  /** How long it then stays PROCESSING before settling, for ordinary numbers. */
  readonly processingMs: number;
  /** The same for the "slow" test numbers. */
  readonly slowProcessingMs: number;
}

export interface Timeline {
  readonly processingAt: number;
  /** When the outcome is applied; null when only a control hook settles it. */
  readonly settleAt: number | null;
}

export function planTimeline(
  acceptedAt: number,
  pace: PhoneScenario['pace'],
  timing: ExecutionTiming,
): Timeline {
  const processingAt = acceptedAt + timing.pendingMs;
  switch (pace) {
    case 'normal':
      return { processingAt, settleAt: processingAt + timing.processingMs };
    case 'slow':
      return { processingAt, settleAt: processingAt + timing.slowProcessingMs };
    case 'manual':
      return { processingAt, settleAt: null };
  }
}

/** The status a not-yet-settled execution shows at `now`. */
export function unsettledStatus(timeline: Timeline, now: number): ExecutionStatus {
  return now >= timeline.processingAt ? 'PROCESSING' : 'PENDING';
}

export function isDue(timeline: Timeline, now: number): boolean {
  return timeline.settleAt !== null && now >= timeline.settleAt;
}
