import { apiKey } from './session.js';

/** An error answer of the API: `{"error": {"code", "message", "details"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Fired when the server refuses the key (401), so the console can ask for it again. */
export const UNAUTHENTICATED_EVENT = 'dollr-connector:unauthenticated';

interface RequestOptions {
  readonly method?: string;
  /** A FormData is sent as multipart; anything else as JSON. */
  readonly body?: unknown;
  /** A key to use instead of the signed-in one (signing in). */
  readonly key?: string;
  readonly signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers = new Headers({ Accept: 'application/json' });
  const key = options.key ?? apiKey();
  if (key !== null) headers.set('Authorization', `Bearer ${key}`);
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body,
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(
      0,
      'NETWORK',
      'The connector could not be reached. Check that it is running.',
    );
  }
  if (response.ok) return response;
  throw await errorOf(response, options.key === undefined);
}

async function errorOf(response: Response, signedIn: boolean): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = `The request failed (${response.status} ${response.statusText}).`;
  let details: unknown = null;
  try {
    const body = (await response.json()) as {
      error?: { code?: string; message?: string; details?: unknown };
    };
    if (body.error?.code !== undefined) code = body.error.code;
    if (body.error?.message !== undefined) message = body.error.message;
    details = body.error?.details ?? null;
  } catch {
    // Not our JSON error shape; the status says enough.
  }
  if (response.status === 401 && signedIn) {
    window.dispatchEvent(new CustomEvent(UNAUTHENTICATED_EVENT, { detail: message }));
  }
  return new ApiError(response.status, code, message, details);
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await (await send(path, options)).json()) as T;
}

/** A page of a list and the URL of the next one (from the `Link: <…>; rel="next"` header). */
export interface Page<T> {
  readonly items: T[];
  readonly next: string | null;
}

export async function getPage<T>(path: string, options: RequestOptions = {}): Promise<Page<T>> {
  const response = await send(path, options);
  const body = (await response.json()) as T[] | { items: T[] };
  const next = /^<([^>]+)>; rel="next"$/.exec(response.headers.get('Link') ?? '')?.[1] ?? null;
  return { items: Array.isArray(body) ? body : body.items, next };
}

export async function postJson<T>(path: string, body?: unknown): Promise<T> {
  return (await (await send(path, { method: 'POST', body })).json()) as T;
}

export async function getText(path: string): Promise<string> {
  return (await send(path)).text();
}

/** The file name a `Content-Disposition: attachment; filename=...` header gives. */
export function attachmentName(header: string | null, fallback: string): string {
  if (header === null) return fallback;
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (encoded?.[1] !== undefined) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file the API serves: fetched with the key (a plain link would not send it), then
 * saved through a temporary Blob link. Returns the file name.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await send(path, {});
  const name = attachmentName(response.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
