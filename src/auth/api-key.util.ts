import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every key starts with this, so a leaked one is easy to recognise (and to scan for). */
export const API_KEY_PREFIX = 'dck_';

/** Characters of a key kept in clear to tell keys apart in lists (prefix + 6 random ones). */
const SHOWN_CHARACTERS = API_KEY_PREFIX.length + 6;

/** A new key: the prefix and 32 random bytes (256 bits) in base64url. */
export function generateApiKey(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * SHA-256 of the key, as stored. A 256-bit random key cannot be guessed or brute-forced from its
 * hash, so a slow password hash is not needed.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The start of a key, safe to show (e.g. `dck_a1B2c3`). */
export function apiKeyHint(key: string): string {
  return key.slice(0, SHOWN_CHARACTERS);
}

/** Whether two hex hashes are equal, in time independent of where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** Looks like one of our keys (cheap check before touching the database). */
export function isWellFormedApiKey(value: string): boolean {
  return /^dck_[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * The key a request carries: `Authorization: Bearer <key>` or `X-API-Key: <key>`.
 * Returns undefined when neither header is present.
 */
export function presentedApiKey(
  headers: Record<string, string | string[] | undefined>,
): string | undefined {
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const authorization = header('authorization')?.trim();
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match === null ? authorization : match[1];
  }
  const apiKey = header('x-api-key')?.trim();
  return apiKey ? apiKey : undefined;
}

/** Key names: what people call the key ("alice", "payroll-bot"); unique regardless of case. */
export function checkKeyName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'The key name must not be empty.';
  if (trimmed.length > 100)
    return `The key name must be at most 100 characters (got ${trimmed.length}).`;
  if (/^(cli:|system$)/i.test(trimmed)) {
    return `The key name "${trimmed}" is reserved for the command line and the connector itself.`;
  }
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u.test(trimmed)) {
    return `The key name "${trimmed}" may hold letters, digits, spaces and . _ @ - and must start with a letter or digit.`;
  }
  return null;
}
