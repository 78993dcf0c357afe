import {
  DollrForbiddenError,
  DollrOutcomeUnknownError,
  DollrValidationError,
  refusesInactivePaymentAccount,
} from '../dollr/errors';
import { pauseAfterFailure } from './batch-wide-failure';

/**
 * What an execution request that failed means for its attempt, as a pure decision beside
 * `decideAttempt`: whether money may have moved decides between failing the payment and polling.
 */
export type SendErrorAction =
  /** The outcome was lost (timeout, 5xx, dropped answer): poll the reference_id later. */
  | { readonly kind: 'unknown'; readonly message: string }
  /** The session expired or was used: this request moved nothing; a new session, same reference_id. */
  | { readonly kind: 'new-session' }
  /** The payee's payment account is no longer active: this request moved nothing; renew it. */
  | { readonly kind: 'replace-account'; readonly error: DollrValidationError }
  /** Refused, but an earlier send of this reference_id may have landed: poll now. */
  | { readonly kind: 'poll'; readonly message: string }
  /** Refused on the first and only send: nothing moved, the payment fails. */
  | { readonly kind: 'fail'; readonly reason: string }
  /** As `fail`, and every later payment would be refused the same way: pause the batch. */
  | { readonly kind: 'fail-and-pause'; readonly reason: string; readonly pauseReason: string }
  /** Not sent, or not known what it was (credentials, a request the client refused): step again. */
  | { readonly kind: 'rethrow' };

export interface SendContext {
  /** Whether this was the attempt's first send of its reference_id. */
  readonly firstSend: boolean;
  /** "payout" or "collection", for messages. */
  readonly noun: string;
}

export function classifySendError(
  error: unknown,
  { firstSend, noun }: SendContext,
): SendErrorAction {
  if (error instanceof DollrOutcomeUnknownError) return { kind: 'unknown', message: error.message };
  if (error instanceof DollrValidationError) {
    if (error.fields.some((f) => f.endsWith('session_id'))) return { kind: 'new-session' };
    if (firstSend && error.fields.some((f) => f.includes('passcode'))) {
      // The merchant's passcode is the same for every payout: all of them would be refused.
      return failAndPause(error.message, noun);
    }
    const referenceRefused = error.fields.some((f) => f.endsWith('reference_id'));
    if (refusesInactivePaymentAccount(error) && !referenceRefused) {
      return { kind: 'replace-account', error };
    }
    if (!firstSend || referenceRefused) return { kind: 'poll', message: error.message };
    return { kind: 'fail', reason: `Dollr refused the ${noun}: ${error.message}` };
  }
  if (error instanceof DollrForbiddenError && firstSend) {
    return failAndPause(error.message, noun, error.detail);
  }
  return { kind: 'rethrow' };
}

/** `said`: Dollr's own words, which tell the cause apart (the message adds our advice). */
function failAndPause(message: string, noun: string, said = message): SendErrorAction {
  return {
    kind: 'fail-and-pause',
    reason: `Dollr refused the ${noun}: ${message}`,
    pauseReason:
      pauseAfterFailure(said, null, noun) ??
      `Dollr refuses ${noun}s (${message}). Fix it on Dollr, then resume the batch and retry its failed ${noun}s.`,
  };
}
