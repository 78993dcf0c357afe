import { exponentialDelayMs, fullJitterDelayMs } from './backoff';
import type { ConcurrencyLimiter } from './concurrency-limiter';
import {
  DollrOutcomeUnknownError,
  DollrRateLimitedError,
  DollrServerError,
  DollrUnavailableError,
  DollrUnexpectedResponseError,
  type OutcomeUnknownReason,
} from './errors';
import { decodeJson, encodeJson } from './json-codec';
import type { RequestGate } from './rate-limiter';
import { describeDetail, errorForResponse } from './response-errors';
import { parseRetryAfterMs } from './retry-after';
import type { Clock, Sleep } from './timing';

/**
 * Sends one Dollr request and applies every transport rule in one place: the access token and the
 * single re-authentication on 401, the rate limit and concurrency cap, the per-request timeout, the
 * shared 429 pause, retries of repeatable calls, and the mapping of failures to typed errors.
 * Call sites never loop or sleep themselves.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export type QueryValue = string | number | boolean | undefined;

export interface DollrRequest {
  /** Names the call in errors and logs, e.g. `executions.payout`. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** Path under the base URL, with path parameters already encoded, e.g. `/v1/parties/list`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** Written with `encodeJson`, so amounts given as `LosslessNumber` become exact JSON numbers. */
  readonly body?: unknown;
  /**
   * True when sending the request twice can do no harm (reads, the token, idempotent updates):
   * timeouts, network errors and 5xx are then retried with backoff. False for anything that
   * creates something or moves money: those fail with DollrOutcomeUnknownError instead of being
   * sent again. A 401 or 429 is retried either way, because Dollr refused the request unprocessed.
   */
  readonly repeatable: boolean;
  /** Only the token request is sent without a bearer token. */
  readonly authenticated?: boolean;
  /** The shape of a usable 2xx body; anything else is an unexpected response. */
  readonly expect?: 'object' | 'array';
  /** For executions: how an unknown outcome is resolved. */
  readonly execution?: { readonly referenceId: string; readonly statusPath: string };
}

export interface RetryOptions {
  /** Most sends of one call (the first one included) on 5xx, network errors, timeouts and 429. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A 429 asking for a longer wait than this fails the call instead of waiting. */
  readonly maxRetryAfterMs: number;
}

export interface TokenSource {
  get(): Promise<string>;
  invalidate(token: string): void;
}

/** What the client logs. Messages are scrubbed of secrets before they get here. */
export interface DollrLogger {
  debug(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
}

/** Told of every HTTP exchange with Dollr (for metrics): its status, or why there was none. */
export interface DollrExchangeObserver {
  exchanged(operation: string, answer: number | 'timeout' | 'lost', seconds: number): void;
}

/** Where Dollr is, or how to find out on the first request (the embedded sandbox starts then). */
export type DollrBaseUrl = string | (() => Promise<string>);

export interface TransportOptions {
  readonly baseUrl: DollrBaseUrl;
  readonly timeoutMs: number;
  readonly retry: RetryOptions;
  readonly userAgent: string;
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly random: () => number;
  readonly rateLimiter: RequestGate;
  readonly concurrency: ConcurrencyLimiter;
  readonly tokens: TokenSource;
  readonly scrub: (text: string) => string;
  readonly logger: DollrLogger;
  readonly observer?: DollrExchangeObserver;
}

type Exchange =
  | {
      readonly kind: 'answered';
      readonly status: number;
      readonly text: string;
      /** For a 429: how long every request of the client is now paused. */
      readonly pauseMs: number | undefined;
    }
  | { readonly kind: 'failed'; readonly timedOut: boolean; readonly error: unknown };

/** Delays before retrying a 429 without a usable `Retry-After`: 1 s, 2 s, 4 s … (Dollr's advice). */
const RATE_LIMIT_BASE_DELAY_MS = 1000;

export class DollrTransport {
  private baseUrl: Promise<string> | undefined;

  constructor(private readonly options: TransportOptions) {}

  private resolveBaseUrl(): Promise<string> {
    const { baseUrl } = this.options;
    this.baseUrl ??= (typeof baseUrl === 'string' ? Promise.resolve(baseUrl) : baseUrl()).then(
      (url) => url.replace(/\/+$/, ''),
    );
    return this.baseUrl;
  }

  async request<T>(request: DollrRequest): Promise<T> {
    const { retry } = this.options;
    let attempts = 0;
    let reauthenticated = false;
    for (;;) {
      this.refuseLongPause(request);
      const token = request.authenticated === false ? undefined : await this.options.tokens.get();
      attempts += 1;
      const exchange = await this.send(request, token, attempts);

      if (exchange.kind === 'failed') {
        const what = exchange.timedOut
          ? `no answer within ${this.options.timeoutMs} ms`
          : `network error (${this.describeNetworkError(exchange.error)})`;
        const reason = exchange.timedOut ? 'timeout' : 'network_error';
        if (!request.repeatable) throw this.outcomeUnknown(request, reason, what, exchange.error);
        if (attempts >= retry.maxAttempts) {
          throw new DollrUnavailableError(attempts, what, {
            operation: request.operation,
            cause: exchange.error,
          });
        }
        await this.backOff(request, attempts, what);
        continue;
      }

      const { status } = exchange;
      if (status >= 200 && status < 300) return this.readBody<T>(request, exchange);

      if (status === 401 && token !== undefined && !reauthenticated) {
        // Refused, not processed: fetch a fresh token and send once more, outside the budget.
        reauthenticated = true;
        attempts -= 1;
        this.options.tokens.invalidate(token);
        this.log('debug', `Dollr refused the access token for ${request.operation}; refreshing it`);
        continue;
      }

      if (status === 429) {
        const delayMs = exchange.pauseMs ?? 0;
        if (attempts >= retry.maxAttempts || delayMs > retry.maxRetryAfterMs) {
          throw new DollrRateLimitedError(delayMs, { operation: request.operation, status });
        }
        this.log(
          'warn',
          `Dollr rate limited ${request.operation} (429); pausing all Dollr requests for ${delayMs} ms`,
          { attempt: attempts, maxAttempts: retry.maxAttempts },
        );
        continue; // The rate limiter holds this request, like every other, until the pause ends.
      }

      const body = decodeLoose(exchange.text);
      if (status >= 500) {
        const detail = describeDetail(body, this.options.scrub);
        const what = `Dollr answered ${status}${detail === '' ? '' : ` (${detail})`}`;
        if (!request.repeatable) {
          throw this.outcomeUnknown(request, 'server_error', what, undefined, status);
        }
        if (attempts >= retry.maxAttempts) {
          throw new DollrServerError(attempts, detail, { operation: request.operation, status });
        }
        await this.backOff(request, attempts, what);
        continue;
      }

      throw errorForResponse(
        { status, body, operation: request.operation, method: request.method, path: request.path },
        this.options.scrub,
      );
    }
  }

  /** One HTTP exchange: a concurrency slot, then a rate-limit slot, then fetch under a timeout. */
  private async send(
    request: DollrRequest,
    token: string | undefined,
    attempt: number,
  ): Promise<Exchange> {
    const baseUrl = await this.resolveBaseUrl();
    const release = await this.options.concurrency.acquire();
    try {
      await this.options.rateLimiter.acquire();
      const headers: Record<string, string> = {
        accept: 'application/json',
        'user-agent': this.options.userAgent,
      };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let body: string | undefined;
      if (request.body !== undefined) {
        body = encodeJson(request.body);
        headers['content-type'] = 'application/json';
      }

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.options.timeoutMs);
      const startedAt = this.options.clock();
      try {
        const response = await this.options.fetch(this.url(baseUrl, request), {
          method: request.method,
          headers,
          body,
          signal: controller.signal,
        });
        const text = await response.text();
        // Paused before the slot is released, so no queued request slips out in between.
        const pauseMs =
          response.status === 429 ? this.pauseAfterRateLimit(response.headers, attempt) : undefined;
        const elapsedMs = this.options.clock() - startedAt;
        this.log(
          'debug',
          `Dollr ${request.method} ${request.path} -> ${response.status} in ${elapsedMs} ms`,
        );
        this.options.observer?.exchanged(request.operation, response.status, elapsedMs / 1000);
        return { kind: 'answered', status: response.status, text, pauseMs };
      } catch (error) {
        const elapsedMs = this.options.clock() - startedAt;
        this.options.observer?.exchanged(
          request.operation,
          timedOut ? 'timeout' : 'lost',
          elapsedMs / 1000,
        );
        return { kind: 'failed', timedOut, error };
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release();
    }
  }

  private readBody<T>(request: DollrRequest, exchange: { status: number; text: string }): T {
    let value: unknown;
    let readable = true;
    try {
      value = exchange.text.trim() === '' ? undefined : decodeJson(exchange.text);
    } catch {
      readable = false;
    }
    const expected = request.expect === 'array' ? 'a JSON list' : 'a JSON object';
    if (readable && (request.expect === undefined || hasShape(value, request.expect))) {
      return (value ?? {}) as T;
    }
    const what = `it answered ${exchange.status} but the body is not ${expected}`;
    if (!request.repeatable) {
      throw this.outcomeUnknown(request, 'unreadable_response', what, undefined, exchange.status);
    }
    throw new DollrUnexpectedResponseError(`the ${exchange.status} body is not ${expected}`, {
      operation: request.operation,
      status: exchange.status,
    });
  }

  /** Pauses every request of the client as a 429 asks (`Retry-After`, else 1 s, 2 s, 4 s …). */
  private pauseAfterRateLimit(headers: Headers, attempt: number): number {
    const { clock, retry, rateLimiter } = this.options;
    const delayMs =
      parseRetryAfterMs(headers.get('retry-after'), clock()) ??
      exponentialDelayMs(attempt, {
        baseDelayMs: RATE_LIMIT_BASE_DELAY_MS,
        maxDelayMs: Math.max(retry.maxDelayMs, RATE_LIMIT_BASE_DELAY_MS),
      });
    rateLimiter.pauseUntil(clock() + delayMs);
    return delayMs;
  }

  /** Fails fast instead of queueing behind a 429 pause longer than the client is willing to wait. */
  private refuseLongPause(request: DollrRequest): void {
    const pausedMs = this.options.rateLimiter.remainingPauseMs();
    if (pausedMs > this.options.retry.maxRetryAfterMs) {
      throw new DollrRateLimitedError(pausedMs, { operation: request.operation });
    }
  }

  private async backOff(request: DollrRequest, attempts: number, what: string): Promise<void> {
    const { retry, random, sleep } = this.options;
    const delayMs = fullJitterDelayMs(attempts, retry, random);
    this.log(
      'warn',
      `Dollr ${request.operation}: ${what}; retrying in ${delayMs} ms (attempt ${attempts + 1} of ${retry.maxAttempts})`,
    );
    await sleep(delayMs);
  }

  private outcomeUnknown(
    request: DollrRequest,
    reason: OutcomeUnknownReason,
    what: string,
    cause?: unknown,
    status?: number,
  ): DollrOutcomeUnknownError {
    const error = new DollrOutcomeUnknownError(
      {
        reason,
        what: this.options.scrub(what),
        referenceId: request.execution?.referenceId,
        statusPath: request.execution?.statusPath,
      },
      { operation: request.operation, status, cause },
    );
    this.log('warn', error.message);
    return error;
  }

  private describeNetworkError(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
      const code = (current as { code?: unknown }).code;
      parts.push(typeof code === 'string' ? `${code}: ${current.message}` : current.message);
      current = current.cause;
    }
    return this.options.scrub(parts.length > 0 ? parts.join(' <- ') : String(error));
  }

  private url(baseUrl: string, request: DollrRequest): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) params.append(key, String(value));
    }
    const query = params.toString();
    return `${baseUrl}${request.path}${query === '' ? '' : `?${query}`}`;
  }

  private log(level: 'debug' | 'warn', message: string, context?: Record<string, unknown>): void {
    this.options.logger[level](this.options.scrub(message), context);
  }
}

function hasShape(value: unknown, expect: 'object' | 'array'): boolean {
  if (expect === 'array') return Array.isArray(value);
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Error bodies: JSON when they are JSON, otherwise the raw text. */
function decodeLoose(text: string): unknown {
  try {
    return decodeJson(text);
  } catch {
    return text;
  }
}
