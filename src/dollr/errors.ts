/**
 * Every failure of the Dollr client is one of these classes. Callers branch on `code` (and
 * `temporary`), never on HTTP statuses. Messages are written for an operator and never contain a
 * secret: anything echoed from Dollr passes through the client's redactor first.
 */

export type DollrErrorCode =
  | 'DOLLR_VALIDATION_FAILED'
  | 'DOLLR_AUTHENTICATION_FAILED'
  | 'DOLLR_FORBIDDEN'
  | 'DOLLR_NOT_FOUND'
  | 'DOLLR_RATE_LIMITED'
  | 'DOLLR_SERVER_ERROR'
  | 'DOLLR_UNAVAILABLE'
  | 'DOLLR_OUTCOME_UNKNOWN'
  | 'DOLLR_UNEXPECTED_RESPONSE'
  | 'DOLLR_INVALID_REQUEST';

export interface DollrErrorContext {
  /** The client operation, e.g. `executions.payout`. */
  readonly operation: string;
  /** The HTTP status Dollr answered with, when there was an answer. */
  readonly status?: number;
  readonly cause?: unknown;
}

export abstract class DollrError extends Error {
  abstract readonly code: DollrErrorCode;
  /** True when the same call may succeed later without any change on our side. */
  abstract readonly temporary: boolean;
  readonly operation: string;
  readonly status: number | undefined;

  protected constructor(message: string, context: DollrErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.operation = context.operation;
    this.status = context.status;
  }
}

/** One entry of a 422 body: `{loc: ["body","currency"], msg: "field required", type: "value_error.missing"}`. */
export interface DollrValidationIssue {
  readonly loc: readonly (string | number)[];
  readonly msg: string;
  readonly type: string;
}

/** 422: the payload is wrong. Never retried; fix the fields named in `detail`. */
export class DollrValidationError extends DollrError {
  readonly code = 'DOLLR_VALIDATION_FAILED';
  readonly temporary = false;

  constructor(
    readonly detail: readonly DollrValidationIssue[],
    context: DollrErrorContext,
    /** Used when Dollr sent a 422 without a `detail[]` list. */
    fallbackDetail?: string,
  ) {
    const issues =
      detail.length > 0
        ? detail.map((issue) => `${formatLoc(issue.loc)}: ${issue.msg}`).join('; ')
        : (fallbackDetail ?? 'no details given');
    super(`Dollr rejected ${context.operation} (422): ${issues}`, context);
  }

  /** The offending fields, e.g. `body.currency`. */
  get fields(): string[] {
    return this.detail.map((issue) => formatLoc(issue.loc));
  }
}

/** 401 that a fresh token did not cure, or refused client credentials. */
export class DollrAuthenticationError extends DollrError {
  readonly code = 'DOLLR_AUTHENTICATION_FAILED';
  readonly temporary = false;

  constructor(detail: string, context: DollrErrorContext) {
    super(
      `Dollr refused to authenticate ${context.operation} (401: ${detail}). Check DOLLR_CLIENT_ID and ` +
        'DOLLR_CLIENT_SECRET, and that they belong to the environment at DOLLR_BASE_URL.',
      context,
    );
  }
}

/** 403: the token is valid, the operation is not allowed for this merchant. */
export class DollrForbiddenError extends DollrError {
  readonly code = 'DOLLR_FORBIDDEN';
  readonly temporary = false;

  constructor(
    /** What Dollr said, without the advice this error adds. */
    readonly detail: string,
    context: DollrErrorContext,
  ) {
    super(
      `Dollr forbids ${context.operation} (403: ${detail}). The merchant account is not fully ` +
        'verified or this feature is not enabled for it (payouts, transfers, refunds, links and ' +
        'hosted checkout need KYC/KYB); for payouts, also check DOLLR_PAYOUT_PASSCODE and ' +
        'DOLLR_PAYOUT_PHONE. Retrying will not help.',
      context,
    );
  }
}

/** 404: Dollr has no such resource (for a status lookup: no execution with that reference_id). */
export class DollrNotFoundError extends DollrError {
  readonly code = 'DOLLR_NOT_FOUND';
  readonly temporary = false;

  constructor(
    readonly resource: string,
    detail: string,
    context: DollrErrorContext,
  ) {
    super(`Dollr found nothing for ${context.operation} at ${resource} (404: ${detail}).`, context);
  }
}

/** 429 after the retry budget, or a `Retry-After` longer than the client is willing to wait. */
export class DollrRateLimitedError extends DollrError {
  readonly code = 'DOLLR_RATE_LIMITED';
  readonly temporary = true;

  constructor(
    /** How long Dollr asked us to wait, when it said. */
    readonly retryAfterMs: number | undefined,
    context: DollrErrorContext,
  ) {
    const wait =
      retryAfterMs === undefined
        ? ''
        : ` and asks to wait ${Math.ceil(retryAfterMs / 1000)} s before the next request`;
    super(
      `Dollr is rate limiting the connector (429) on ${context.operation}${wait}. The request was ` +
        'not processed; try again later, and lower DOLLR_RATE_LIMIT_RPS if this keeps happening.',
      context,
    );
  }
}

/** 5xx on a call that is safe to repeat, after the retry budget. */
export class DollrServerError extends DollrError {
  readonly code = 'DOLLR_SERVER_ERROR';
  readonly temporary = true;

  constructor(attempts: number, detail: string, context: DollrErrorContext & { status: number }) {
    super(
      `Dollr failed on ${context.operation} with ${context.status} after ${plural(attempts, 'attempt')}` +
        `${detail === '' ? '' : ` (${detail})`}. Dollr or its upstream is having trouble; try again later.`,
      context,
    );
  }
}

/** Network error or timeout on a call that is safe to repeat, after the retry budget. */
export class DollrUnavailableError extends DollrError {
  readonly code = 'DOLLR_UNAVAILABLE';
  readonly temporary = true;

  constructor(attempts: number, what: string, context: DollrErrorContext) {
    super(
      `Dollr could not be reached for ${context.operation}: ${what} after ` +
        `${plural(attempts, 'attempt')}. Check the network and DOLLR_BASE_URL, then try again.`,
      context,
    );
  }
}

export type OutcomeUnknownReason =
  'timeout' | 'network_error' | 'server_error' | 'unreadable_response';

/**
 * A call that creates something or moves money got no usable answer (timeout, lost connection,
 * 5xx, unreadable 200): Dollr may or may not have processed it, so the client does NOT send it
 * again. The caller resolves it: for an execution, poll its status with the SAME `referenceId`;
 * for a create or change, look it up before sending it again. Not `temporary`: a blind retry is
 * exactly what must not happen.
 */
export class DollrOutcomeUnknownError extends DollrError {
  readonly code = 'DOLLR_OUTCOME_UNKNOWN';
  readonly temporary = false;
  readonly referenceId: string | undefined;
  readonly reason: OutcomeUnknownReason;
  /** For executions: the status path to poll, e.g. `/v1/status/payout/<reference_id>`. */
  readonly statusPath: string | undefined;

  constructor(
    details: {
      reason: OutcomeUnknownReason;
      what: string;
      referenceId?: string;
      statusPath?: string;
    },
    context: DollrErrorContext,
  ) {
    const subject =
      details.referenceId === undefined
        ? context.operation
        : `${context.operation} (reference_id ${details.referenceId})`;
    const next =
      details.statusPath === undefined
        ? 'Look it up (retrieve or list) to see whether Dollr applied it before sending it again.'
        : `Poll GET ${details.statusPath} before anything else, and do not execute again with a new ` +
          'reference_id while it is not found to have FAILED.';
    super(
      `The outcome of ${subject} is unknown: ${details.what}. Dollr may have processed it. ${next}`,
      context,
    );
    this.reason = details.reason;
    this.referenceId = details.referenceId;
    this.statusPath = details.statusPath;
  }
}

/** A response the client cannot use: not JSON, the wrong shape, or an unmapped HTTP status. */
export class DollrUnexpectedResponseError extends DollrError {
  readonly code = 'DOLLR_UNEXPECTED_RESPONSE';
  readonly temporary = false;

  constructor(what: string, context: DollrErrorContext) {
    super(`Dollr answered ${context.operation} unexpectedly: ${what}.`, context);
  }
}

/** Refused before sending: the caller's input cannot be a valid Dollr request. */
export class DollrInvalidRequestError extends DollrError {
  readonly code = 'DOLLR_INVALID_REQUEST';
  readonly temporary = false;

  constructor(what: string, context: DollrErrorContext) {
    super(`Not sent to Dollr: ${context.operation} ${what}.`, context);
  }
}

/** The body fields that name a payment account: sessions/payout and the two executions. */
const PAYMENT_ACCOUNT_FIELDS = new Set(['payout_account_id', 'payment_account_id']);

/**
 * Whether Dollr refused a session or an execution because its payment account is not active
 * (`is_active: false`). The docs say such an account cannot be used but not how it is refused; this
 * reads it as a 422 whose detail names the account field (`body.payout_account_id` or
 * `body.payment_account_id`) with a message saying it is not active or inactive, as the sandbox
 * answers ("payment account is not active"). Any other 422 on that field (not found, wrong party)
 * is not this.
 */
export function refusesInactivePaymentAccount(error: unknown): error is DollrValidationError {
  return (
    error instanceof DollrValidationError &&
    error.detail.some(
      (issue) =>
        issue.loc.length > 0 &&
        PAYMENT_ACCOUNT_FIELDS.has(String(issue.loc[issue.loc.length - 1])) &&
        /\b(not active|inactive)\b/i.test(issue.msg),
    )
  );
}

export function isDollrError(error: unknown): error is DollrError {
  return error instanceof DollrError;
}

function formatLoc(loc: readonly (string | number)[]): string {
  return loc.length === 0 ? '(request)' : loc.join('.');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
