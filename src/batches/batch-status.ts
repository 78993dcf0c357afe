/**
 * A batch's life: prepared (DRAFT), shown to approvers with its pre-flight (AWAITING_APPROVAL),
 * approved by enough distinct people (APPROVED), paying (RUNNING, or PAUSED by an operator), and
 * finished. An unapproved batch that expires is CANCELED with the reason "expired".
 */
export const BATCH_STATUSES = [
  'DRAFT',
  'AWAITING_APPROVAL',
  'APPROVED',
  'RUNNING',
  'PAUSED',
  'COMPLETED',
  'COMPLETED_WITH_FAILURES',
  'CANCELED',
] as const;

export type BatchStatus = (typeof BATCH_STATUSES)[number];

export type BatchEvent =
  | 'submit' // pre-flight done: ask for approval
  | 'approve' // the last approval needed was given
  | 'void-approval' // the content changed after approval
  | 'run'
  | 'pause'
  | 'resume'
  | 'finish' // every payment reached a final status
  | 'retry-failed'
  | 'cancel'
  | 'expire';

const TRANSITIONS: Record<BatchStatus, Partial<Record<BatchEvent, BatchStatus>>> = {
  DRAFT: { submit: 'AWAITING_APPROVAL', cancel: 'CANCELED', expire: 'CANCELED' },
  AWAITING_APPROVAL: {
    approve: 'APPROVED',
    'void-approval': 'AWAITING_APPROVAL',
    cancel: 'CANCELED',
    expire: 'CANCELED',
  },
  APPROVED: { run: 'RUNNING', 'void-approval': 'AWAITING_APPROVAL', cancel: 'CANCELED' },
  RUNNING: { pause: 'PAUSED', finish: 'COMPLETED', cancel: 'CANCELED' },
  PAUSED: { resume: 'RUNNING', 'retry-failed': 'RUNNING', cancel: 'CANCELED' },
  COMPLETED: {},
  COMPLETED_WITH_FAILURES: { 'retry-failed': 'RUNNING' },
  CANCELED: {},
};

export class BatchTransitionError extends Error {
  constructor(
    readonly status: BatchStatus,
    readonly event: BatchEvent,
  ) {
    super(`A batch that is ${status} cannot ${event.replace('-', ' ')}`);
    this.name = 'BatchTransitionError';
  }
}

/**
 * The status after `event`, or a BatchTransitionError. `finish` ends COMPLETED when nothing
 * failed and COMPLETED_WITH_FAILURES otherwise.
 */
export function nextBatchStatus(
  status: BatchStatus,
  event: BatchEvent,
  outcome: { anyFailed: boolean } = { anyFailed: false },
): BatchStatus {
  const next = TRANSITIONS[status][event];
  if (next === undefined) throw new BatchTransitionError(status, event);
  if (event === 'finish' && outcome.anyFailed) return 'COMPLETED_WITH_FAILURES';
  return next;
}

export function canBatch(status: BatchStatus, event: BatchEvent): boolean {
  return TRANSITIONS[status][event] !== undefined;
}

export function isFinalBatchStatus(status: BatchStatus): boolean {
  return status === 'COMPLETED' || status === 'CANCELED';
}
