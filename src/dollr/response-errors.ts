import {
  DollrAuthenticationError,
  type DollrError,
  DollrForbiddenError,
  DollrNotFoundError,
  DollrUnexpectedResponseError,
  DollrValidationError,
  type DollrValidationIssue,
} from './errors';

/** The one place that maps a final (non-retried) Dollr error response to an error class. */

export interface FailedResponse {
  readonly status: number;
  /** The decoded JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
}

type Scrub = (text: string) => string;

const MAX_DETAIL_CHARS = 300;

export function errorForResponse(response: FailedResponse, scrub: Scrub): DollrError {
  const context = { operation: response.operation, status: response.status };
  const detail = describeDetail(response.body, scrub);
  switch (response.status) {
    case 401:
      return new DollrAuthenticationError(detail || 'no details given', context);
    case 403:
      return new DollrForbiddenError(detail || 'no details given', context);
    case 404:
      return new DollrNotFoundError(
        `${response.method} ${response.path}`,
        detail || 'no details given',
        context,
      );
    case 422:
      return new DollrValidationError(validationIssues(response.body, scrub), context, detail);
    default:
      return new DollrUnexpectedResponseError(
        `HTTP ${response.status}${detail === '' ? '' : ` (${detail})`}`,
        context,
      );
  }
}

/**
 * The 422 `detail[]` entries, cleaned: only `loc`, `msg` and `type` are kept (FastAPI may add
 * `input`, which can echo what was sent) and every text is scrubbed.
 */
export function validationIssues(body: unknown, scrub: Scrub): DollrValidationIssue[] {
  const detail = isRecord(body) ? body.detail : undefined;
  if (!Array.isArray(detail)) return [];
  return detail.filter(isRecord).map((entry) => ({
    loc: Array.isArray(entry.loc)
      ? entry.loc
          .filter((part): part is string | number => ['string', 'number'].includes(typeof part))
          .map((part) => (typeof part === 'string' ? scrub(part) : part))
      : [],
    msg: scrub(textOf(entry.msg)),
    type: scrub(textOf(entry.type)),
  }));
}

/** A short, scrubbed description of an error body: its `detail` string, or the start of its text. */
export function describeDetail(body: unknown, scrub: Scrub): string {
  let text: string;
  if (typeof body === 'string') text = body;
  else if (isRecord(body) && typeof body.detail === 'string') text = body.detail;
  else if (isRecord(body) && typeof body.message === 'string') text = body.message;
  else return '';
  const clean = scrub(text.replace(/\s+/g, ' ').trim());
  return clean.length > MAX_DETAIL_CHARS ? `${clean.slice(0, MAX_DETAIL_CHARS)}…` : clean;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
