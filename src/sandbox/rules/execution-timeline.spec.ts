import { isDue, planTimeline, unsettledStatus } from './execution-timeline';

const timing = { pendingMs: 1_000, processingMs: 5_000, slowProcessingMs: 120_000 };

describe('execution timeline', () => {
  it.each([
    ['normal', { processingAt: 1_000, settleAt: 6_000 }],
    ['slow', { processingAt: 1_000, settleAt: 121_000 }],
    ['manual', { processingAt: 1_000, settleAt: null }],
  ] as const)('plans a %s execution', (pace, timeline) => {
    expect(planTimeline(0, pace, timing)).toEqual(timeline);
  });

  it.each([
    [0, 'PENDING', false],
    [999, 'PENDING', false],
    [1_000, 'PROCESSING', false],
    [5_999, 'PROCESSING', false],
    [6_000, 'PROCESSING', true],
  ] as const)('at %s ms it shows %s (due: %s)', (now, status, due) => {
    const timeline = planTimeline(0, 'normal', timing);
    expect(unsettledStatus(timeline, now)).toBe(status);
    expect(isDue(timeline, now)).toBe(due);
  });

  it('never makes a manual execution due', () => {
    expect(isDue(planTimeline(0, 'manual', timing), Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
