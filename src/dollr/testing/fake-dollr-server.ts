import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A scriptable HTTP peer for the client's unit specs: records every request and answers from
 * per-route handlers. It issues tokens like Dollr and refuses unknown bearer tokens with 401.
 * (The faithful simulator is the sandbox; this one only does what a spec tells it.)
 */

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Date.now() when the request arrived. */
  readonly at: number;
  /** The bearer token sent, if any. */
  readonly token: string | undefined;
}

export type RouteHandler = (
  request: ReceivedRequest,
  response: ServerResponse,
) => void | Promise<void>;

export const TOKEN_PATH = '/v1/jwt/client/obtain/token';

export class FakeDollrServer {
  readonly requests: ReceivedRequest[] = [];
  /** Minutes, as Dollr's `expires_in`. */
  tokenLifetimeMinutes = 60;
  private readonly routes = new Map<string, RouteHandler>();
  private readonly validTokens = new Set<string>();
  private tokenCount = 0;
  private inFlightNow = 0;
  /** The most requests the server was handling at the same moment. */
  maxInFlight = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeDollrServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeDollrServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', fake.baseUrl);
        const auth = req.headers.authorization;
        const received: ReceivedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          token: auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined,
        };
        void fake.handle(received, res);
      });
    });
    fake.on('POST', TOKEN_PATH, fake.issueToken);
    return fake;
  }

  /** The default token route: a new valid token each call, lasting `tokenLifetimeMinutes`. */
  readonly issueToken: RouteHandler = (_request, response) => {
    const token = `tok-${++this.tokenCount}-${randomUUID()}`;
    this.validTokens.add(token);
    sendJson(response, 200, { access_token: token, expires_in: this.tokenLifetimeMinutes });
  };

  /** Answers `method path` with `handler` (replacing any earlier handler). */
  on(method: string, path: string, handler: RouteHandler): this {
    this.routes.set(`${method} ${path}`, handler);
    return this;
  }

  requestsTo(method: string, path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  get tokenRequests(): ReceivedRequest[] {
    return this.requestsTo('POST', TOKEN_PATH);
  }

  /** Makes every token issued so far invalid, as if they had expired on Dollr's side. */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: ReceivedRequest, response: ServerResponse): Promise<void> {
    this.requests.push(request);
    this.inFlightNow += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlightNow);
    response.on('close', () => {
      this.inFlightNow -= 1;
    });
    if (request.path !== TOKEN_PATH) {
      if (request.token === undefined) {
        sendJson(response, 401, { detail: 'Not authenticated' });
        return;
      }
      if (!this.validTokens.has(request.token)) {
        sendJson(response, 401, { detail: 'Could not validate credentials' });
        return;
      }
    }
    const handler = this.routes.get(`${request.method} ${request.path}`);
    if (handler === undefined) {
      sendJson(response, 404, { detail: 'Not Found' });
      return;
    }
    await handler(request, response);
  }
}

/** Writes a JSON answer; a string body is sent as is (for raw JSON numbers or broken bodies). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

/** Handlers that answer in turn, the last one repeating. */
export function inTurn(...handlers: RouteHandler[]): RouteHandler {
  let call = 0;
  return (request, response) => {
    const handler = handlers[Math.min(call, handlers.length - 1)];
    call += 1;
    return handler(request, response);
  };
}

/** Cuts the connection without an answer, like a crashed proxy or a lost response. */
export const dropConnection: RouteHandler = (_request, response) => {
  response.socket?.destroy();
};

/** Never answers (until the server is closed). */
export const hang: RouteHandler = () => undefined;

export const ok =
  (body: unknown = { id: 1 }): RouteHandler =>
  (_request, response) =>
    sendJson(response, 200, body);

export const status =
  (
    code: number,
    body: unknown = { detail: `status ${code}` },
    headers?: Record<string, string>,
  ): RouteHandler =>
  (_request, response) =>
    sendJson(response, code, body, headers);
