import {
  type BatchEvent,
  type BatchStatus,
  BatchTransitionError,
  canBatch,
  nextBatchStatus,
} from './batch-status';

describe('nextBatchStatus', () => {
  it.each<[BatchStatus, BatchEvent, BatchStatus]>([
    ['DRAFT', 'submit', 'AWAITING_APPROVAL'],
    ['AWAITING_APPROVAL', 'approve', 'APPROVED'],
    ['APPROVED', 'void-approval', 'AWAITING_APPROVAL'],
    ['APPROVED', 'run', 'RUNNING'],
    ['RUNNING', 'pause', 'PAUSED'],
    ['PAUSED', 'resume', 'RUNNING'],
    ['RUNNING', 'finish', 'COMPLETED'],
    ['COMPLETED_WITH_FAILURES', 'retry-failed', 'RUNNING'],
    ['RUNNING', 'cancel', 'CANCELED'],
    ['AWAITING_APPROVAL', 'expire', 'CANCELED'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(nextBatchStatus(from, event)).toBe(to);
  });

  it('finishes with failures when any payment failed', () => {
    expect(nextBatchStatus('RUNNING', 'finish', { anyFailed: true })).toBe(
      'COMPLETED_WITH_FAILURES',
    );
  });

  it.each<[BatchStatus, BatchEvent]>([
    ['DRAFT', 'run'],
    ['AWAITING_APPROVAL', 'run'],
    ['APPROVED', 'approve'],
    ['RUNNING', 'expire'],
    ['COMPLETED', 'cancel'],
    ['CANCELED', 'resume'],
    ['COMPLETED', 'retry-failed'],
    ['PAUSED', 'finish'],
  ])('refuses %s --%s-->', (from, event) => {
    expect(() => nextBatchStatus(from, event)).toThrow(BatchTransitionError);
    expect(canBatch(from, event)).toBe(false);
  });

  it('says what is wrong in words', () => {
    expect(() => nextBatchStatus('DRAFT', 'retry-failed')).toThrow(
      'A batch that is DRAFT cannot retry failed',
    );
  });
});
