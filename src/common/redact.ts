/**
 * Keeps secrets (client secret, bearer tokens, payout passcode, database passwords) out of logs,
 * error messages and API responses. Two nets: object keys that name a secret are masked wherever
 * they appear, and known secret values (registered at boot and when tokens are obtained) are
 * masked inside any text.
 */

export const MASK = '***';

const SENSITIVE_KEY =
  /^(authorization|x-api-key|proxy-authorization|cookie|set-cookie|client_?secret|passcode|password|pass|secret|access_?token|refresh_?token|token|api_?key|webhook_?secret)$/i;

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** The connector's own API keys (src/auth): the prefix stays, to say what was hidden. */
const API_KEY = /\bdck_[A-Za-z0-9_-]{16,}/g;
/** A URL in running text: its scheme, then everything up to the next whitespace. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/\S*/gi;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

const knownSecrets = new Set<string>();

/** Registers a value that must never be printed. Short values are ignored to avoid masking noise. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 4) knownSecrets.add(value);
}

export function forgetSecret(value: string): void {
  knownSecrets.delete(value);
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

/** Masks bearer/basic credentials, JWTs, API keys, URL credentials and every registered secret in `text`. */
export function redactText(text: string): string {
  let out = text
    .replace(BEARER, `$1 ${MASK}`)
    .replace(JWT, MASK)
    .replace(API_KEY, `dck_${MASK}`)
    .replace(URL_IN_TEXT, redactUrlCredentials);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/**
 * The credentials of one URL masked: `user:password@` becomes `user:***@`, a lone `token@`
 * becomes `***@`. The whole string is one URL, so a password holding `@ / ? #` or spaces is
 * masked whole: its credentials run to the last `@` (no host holds one). An `@` later in a path
 * or query masks more than the credentials, never less.
 */
export function redactUrlCredentials(url: string): string {
  const credentials = urlCredentials(url);
  if (credentials === undefined) return url;
  const { start, end, userinfo } = credentials;
  const colon = userinfo.indexOf(':');
  const masked = colon < 0 ? MASK : `${userinfo.slice(0, colon)}:${MASK}`;
  return `${url.slice(0, start)}${masked}${url.slice(end)}`;
}

/** Registers the secret part of a URL's credentials (its password, or a lone token), raw and decoded. */
export function registerUrlSecrets(url: string | undefined): void {
  const credentials = url === undefined ? undefined : urlCredentials(url);
  if (credentials === undefined) return;
  const { userinfo } = credentials;
  const colon = userinfo.indexOf(':');
  const secret = colon < 0 ? userinfo : userinfo.slice(colon + 1);
  registerSecret(secret);
  try {
    registerSecret(decodeURIComponent(secret));
  } catch {
    // Not percent-encoded: the raw form is registered.
  }
}

function urlCredentials(url: string): { start: number; end: number; userinfo: string } | undefined {
  const scheme = SCHEME.exec(url);
  if (scheme === null) return undefined;
  const start = scheme[0].length;
  const end = url.lastIndexOf('@');
  if (end < start) return undefined;
  return { start, end, userinfo: url.slice(start, end) };
}

/** A deep copy of `value` with sensitive keys masked and every string passed through redactText. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null
        ? MASK
        : redactValue(item, depth + 1);
  }
  return out;
}
