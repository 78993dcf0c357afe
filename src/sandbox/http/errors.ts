import type { Issue, Loc } from '../rules/validation';
import { issue } from '../rules/validation';

/** An HTTP answer other than 200, thrown by a handler; the request's transaction is rolled back. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(`HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export function validationError(issues: readonly Issue[]): ApiError {
  return new ApiError(422, { detail: issues });
}

export function invalidAt(loc: Loc, msg: string): ApiError {
  return validationError([issue(loc, msg)]);
}

/** A 422 about one field, e.g. `invalid('body', 'session_id', 'session not found or expired')`. */
export function invalid(...args: [...loc: Loc, msg: string]): ApiError {
  const msg = String(args[args.length - 1]);
  return validationError([issue(args.slice(0, -1), msg)]);
}

export function notFound(what: string): ApiError {
  return new ApiError(404, { detail: `${what} not found` });
}

export function forbidden(detail: string): ApiError {
  return new ApiError(403, { detail });
}

export const NOT_AUTHENTICATED = new ApiError(401, { detail: 'Not authenticated' });
export const BAD_CREDENTIALS = new ApiError(401, { detail: 'Could not validate credentials' });
