/**
 * Exactly-once payment execution, as a pure decision. A payment moves money through attempts; each
 * attempt has one `reference_id` (UUID v4) that is committed to the database before its execution
 * request is sent, and Dollr treats that id as the idempotency key.
 *
 * - An attempt that may have been sent (CREATED: committed, maybe sent before a crash; UNKNOWN:
 *   timeout, 5xx or lost response) is resolved by a status poll with its own reference_id before
 *   anything else.
 * - If the poll finds nothing, the request is sent again with the SAME reference_id: should the
 *   first request still land, Dollr answers with that execution (or "already exists") instead of
 *   paying twice. A new reference_id is minted only after a confirmed FAILED, on an explicit retry.
 */

export type AttemptState =
  | 'CREATED' // reference_id committed; the request may or may not have been sent
  | 'UNKNOWN' // the request was sent and its outcome was lost
  | 'PENDING'
  | 'PROCESSING'
  | 'COMPLETED'
  | 'FAILED';

/** What a status poll with the attempt's reference_id found. */
export type PollResult = 'NOT_FOUND' | 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

export type AttemptAction =
  | { kind: 'poll' } // ask Dollr for the status of this reference_id
  | { kind: 'send' } // send (or re-send) the execution with this reference_id
  | { kind: 'wait' } // Dollr is working on it: poll again later
  | { kind: 'completed' }
  | { kind: 'failed' };

export function decideAttempt(state: AttemptState, poll?: PollResult): AttemptAction {
  switch (state) {
    case 'COMPLETED':
      return { kind: 'completed' };
    case 'FAILED':
      return { kind: 'failed' };
    case 'PENDING':
    case 'PROCESSING':
      return poll === undefined ? { kind: 'wait' } : fromPoll(poll, { kind: 'wait' });
    case 'CREATED':
    case 'UNKNOWN':
      return poll === undefined ? { kind: 'poll' } : fromPoll(poll, { kind: 'send' });
  }
}

function fromPoll(poll: PollResult, whenNotFound: AttemptAction): AttemptAction {
  switch (poll) {
    case 'NOT_FOUND':
      return whenNotFound;
    case 'PENDING':
    case 'PROCESSING':
      return { kind: 'wait' };
    case 'COMPLETED':
      return { kind: 'completed' };
    case 'FAILED':
      return { kind: 'failed' };
  }
}

/** A new attempt (and so a new reference_id) is allowed only after the last one FAILED. */
export function mayStartNewAttempt(
  last: AttemptState | undefined,
  explicitRetry: boolean,
): boolean {
  if (last === undefined) return true;
  return last === 'FAILED' && explicitRetry;
}
