import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, handleObtainToken } from './auth';
import { sandboxNow } from './clock';
import { type MerchantHandler, type RequestContext, Reply } from './context';
import { CONTROL_ROUTES, type ControlHandler } from './control';
import type { FaultState } from './fault-state';
import { ApiError, validationError } from './http/errors';
import { BodyTooLargeError, parseJson, readBody, sendJson } from './http/json';
import { Router } from './http/router';
import type { ResolvedOptions } from './options';
import { settleDue } from './resources/settlement';
import { MERCHANT_ROUTES } from './routes';
import { burstRetryAfterSeconds, decideFault, type FaultDecision } from './rules/faults';
import { verifyToken } from './rules/tokens';
import { issue } from './rules/validation';
import type { Store } from './store/store';

export interface ServerDeps {
  readonly store: Store;
  readonly options: ResolvedOptions;
  readonly faults: FaultState;
  readonly signingKey: Buffer;
  readonly baseUrl: () => string;
}

const TOKEN_PATH = '/v1/jwt/client/obtain/token';

const FIVE_XX_DETAIL: Record<500 | 502 | 503, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

interface Outcome {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The node:http request listener of the sandbox. */
export function createRequestListener(
  deps: ServerDeps,
): (request: IncomingMessage, response: ServerResponse) => void {
  const merchantRouter = new Router(MERCHANT_ROUTES);
  const controlRouter = new Router(CONTROL_ROUTES);

  return (request, response) => {
    handle(deps, merchantRouter, controlRouter, request, response).catch((error: unknown) => {
      process.stderr.write(
        `dollr sandbox: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      if (!response.headersSent) sendJson(response, 500, { detail: 'Internal Server Error' });
      else response.destroy();
    });
  };
}

async function handle(
  deps: ServerDeps,
  merchantRouter: Router<MerchantHandler>,
  controlRouter: Router<ControlHandler>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://sandbox.invalid');
  const path = url.pathname;
  const method = request.method ?? 'GET';
  let text: string;
  try {
    text = await readBody(request);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendJson(response, 413, { detail: 'Request body too large' });
      return;
    }
    throw error;
  }
  const parsed = parseJson(text);
  const query = Object.fromEntries(url.searchParams);

  if (path.startsWith('/__sandbox/')) {
    const outcome = run(() => {
      const match = controlRouter.match(method, path);
      if (match.kind !== 'found') throw routeError(match.kind);
      return deps.store.transaction(() =>
        match.handler({
          store: deps.store,
          options: deps.options,
          faults: deps.faults,
          now: sandboxNow(deps.store, deps.options.now),
          params: match.params,
          query,
          // Not JSON: the raw text, so `PUT /__sandbox/faults` also takes `drop=1,latency=50`.
          body: parsed.ok ? parsed.value : text,
        }),
      );
    });
    sendJson(response, outcome.status, outcome.body, outcome.headers);
    return;
  }

  if (path.startsWith('/hosted/') && method === 'GET') {
    const html =
      '<!doctype html><title>Dollr sandbox</title><p>Dollr sandbox hosted page. No payment UI is ' +
      'simulated: settle the source with <code>POST /__sandbox/sources/{id}/settle</code>.</p>';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html);
    return;
  }

  const fault = path.startsWith(deps.faults.settings.only)
    ? await injectFaults(deps, request)
    : ({ kind: 'none' } as const);
  if (fault.kind === 'rate429') {
    sendJson(
      response,
      429,
      { detail: 'Too Many Requests' },
      {
        'retry-after': String(fault.retryAfterSeconds),
      },
    );
    return;
  }
  if (fault.kind === 'error5xx') {
    sendJson(response, fault.status, { detail: FIVE_XX_DETAIL[fault.status] });
    return;
  }

  const outcome = run(() =>
    deps.store.transaction(() => {
      const ctx: RequestContext = {
        store: deps.store,
        options: deps.options,
        now: sandboxNow(deps.store, deps.options.now),
        baseUrl: deps.baseUrl(),
        params: {},
        query,
        body: parsed.ok ? parsed.value : undefined,
      };
      settleDue(deps.store, ctx.now);
      if (path === TOKEN_PATH) {
        if (method !== 'POST') throw routeError('method_not_allowed');
        requireJson(parsed.ok);
        const ttl = deps.faults.settings.tokenTtlSeconds ?? deps.options.tokenTtlSeconds;
        return handleObtainToken(ctx, ttl, deps.signingKey);
      }
      const match = merchantRouter.match(method, path);
      if (match.kind !== 'found') throw routeError(match.kind);
      const merchant = authenticate(ctx, request.headers.authorization, deps.signingKey);
      requireJson(parsed.ok);
      return match.handler({ ...ctx, params: match.params, merchant });
    }),
  );

  // The drop fault: the request was handled and committed, but its answer never arrives.
  if (fault.kind === 'drop') {
    if (fault.mode === 'close') request.socket.destroy();
    else sendJson(response, 504, { detail: 'Gateway Timeout' });
    return;
  }
  sendJson(response, outcome.status, outcome.body, outcome.headers);
}

function requireJson(ok: boolean): void {
  if (!ok) {
    throw validationError([issue(['body'], 'invalid JSON', 'value_error.jsondecode')]);
  }
}

function routeError(kind: 'not_found' | 'method_not_allowed'): ApiError {
  return kind === 'not_found'
    ? new ApiError(404, { detail: 'Not Found' })
    : new ApiError(405, { detail: 'Method Not Allowed' });
}

/** Runs a handler; a thrown ApiError (whose transaction was rolled back) becomes its answer. */
function run(work: () => unknown): Outcome {
  try {
    const result = work();
    return result instanceof Reply
      ? { status: result.status, body: result.body }
      : { status: 200, body: result };
  } catch (error) {
    if (error instanceof ApiError) {
      return { status: error.status, body: error.body, headers: error.headers };
    }
    throw error;
  }
}

async function injectFaults(deps: ServerDeps, request: IncomingMessage): Promise<FaultDecision> {
  const settings = deps.faults.settings;
  if (settings.latencyMs > 0) await sleep(settings.latencyMs);
  const now = Date.now();
  const key = limiterKey(deps, request);
  const burst = burstRetryAfterSeconds(settings, now);
  const limited = burst === null && deps.faults.rateWindow.exceeded(key, settings.rps, now);
  deps.faults.traffic.record(key, now, burst !== null || limited);
  if (burst !== null) return { kind: 'rate429', retryAfterSeconds: burst };
  if (limited) return { kind: 'rate429', retryAfterSeconds: settings.retryAfterSeconds };
  return decideFault(settings, () => deps.faults.next());
}

/**
 * What the `rps` limit counts by: the merchant behind the token, as Dollr's limit is the
 * merchant's (several connector processes each hold a token of their own); the caller's address
 * for requests without a valid token (the token request itself).
 */
function limiterKey(deps: ServerDeps, request: IncomingMessage): string {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  // Signed by this sandbox is enough here; whether it expired is for the request's handler.
  const claims = bearer === null ? undefined : verifyToken(bearer[1], deps.signingKey, 0);
  if (claims !== undefined) return `merchant:${claims.sub}`;
  return `address:${request.socket.remoteAddress ?? 'unknown'}`;
}
