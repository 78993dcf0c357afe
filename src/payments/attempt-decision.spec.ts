import {
  type AttemptState,
  type PollResult,
  decideAttempt,
  mayStartNewAttempt,
} from './attempt-decision';

describe('decideAttempt', () => {
  it.each<[AttemptState, PollResult | undefined, string]>([
    ['CREATED', undefined, 'poll'],
    ['UNKNOWN', undefined, 'poll'],
    ['CREATED', 'NOT_FOUND', 'send'],
    ['UNKNOWN', 'NOT_FOUND', 'send'],
    ['UNKNOWN', 'PROCESSING', 'wait'],
    ['UNKNOWN', 'COMPLETED', 'completed'],
    ['UNKNOWN', 'FAILED', 'failed'],
    ['PENDING', undefined, 'wait'],
    ['PROCESSING', 'PROCESSING', 'wait'],
    ['PROCESSING', 'COMPLETED', 'completed'],
    ['PROCESSING', 'FAILED', 'failed'],
    // Dollr had acknowledged the execution: "not found" later is an anomaly, never a licence to resend.
    ['PROCESSING', 'NOT_FOUND', 'wait'],
    ['COMPLETED', undefined, 'completed'],
    ['FAILED', undefined, 'failed'],
  ])('%s with poll %s -> %s', (state, poll, action) => {
    expect(decideAttempt(state, poll).kind).toBe(action);
  });

  it('never sends an attempt that may have been sent without polling first', () => {
    for (const state of ['CREATED', 'UNKNOWN'] as const) {
      expect(decideAttempt(state).kind).toBe('poll');
    }
  });
});

describe('mayStartNewAttempt (minting a new reference_id)', () => {
  it.each<[AttemptState | undefined, boolean, boolean]>([
    [undefined, false, true],
    ['FAILED', true, true],
    ['FAILED', false, false],
    ['UNKNOWN', true, false],
    ['CREATED', true, false],
    ['PROCESSING', true, false],
    ['COMPLETED', true, false],
  ])('last %s, explicit retry %s -> %s', (last, explicit, allowed) => {
    expect(mayStartNewAttempt(last, explicit)).toBe(allowed);
  });
});
