import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens are HS256 JWTs signed with a key kept in the sandbox's state, so every process that
 * shares the state file accepts the tokens of the others.
 */

export interface TokenClaims {
  /** The client id the token was issued to. */
  readonly sub: string;
  readonly iat: number;
  /** Expiry in epoch seconds. */
  readonly exp: number;
  readonly jti: string;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function signature(unsigned: string, key: Buffer): string {
  return createHmac('sha256', key).update(unsigned).digest('base64url');
}

export function issueToken(
  clientId: string,
  nowMs: number,
  ttlSeconds: number,
  key: Buffer,
): { token: string; claims: TokenClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: TokenClaims = { sub: clientId, iat, exp: iat + ttlSeconds, jti: randomUUID() };
  const unsigned = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(
    JSON.stringify(claims),
  )}`;
  return { token: `${unsigned}.${signature(unsigned, key)}`, claims };
}

/** The claims of a well-formed, correctly signed, unexpired token; otherwise undefined. */
export function verifyToken(token: string, key: Buffer, nowMs: number): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, sig] = parts;
  const expected = Buffer.from(signature(`${header}.${payload}`, key));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isClaims(claims) || nowMs >= claims.exp * 1000) return undefined;
  return claims;
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.sub === 'string' &&
    typeof record.iat === 'number' &&
    typeof record.exp === 'number' &&
    typeof record.jti === 'string'
  );
}

/**
 * Dollr's `expires_in` is in minutes. A lifetime of whole minutes is reported as an integer, as
 * Dollr does. Shorter or uneven test lifetimes (`tokenTtl=30s`) are reported as a fraction of a
 * minute rounded DOWN to 6 decimals (30 s -> 0.5), never up: a client that refreshes ahead of the
 * reported expiry must not be told the token lives longer than it does.
 */
export function expiresInMinutes(ttlSeconds: number): number {
  if (ttlSeconds % 60 === 0) return ttlSeconds / 60;
  return Math.floor((ttlSeconds * 1_000_000) / 60) / 1_000_000;
}

/** Compares a presented secret with the configured one without leaking timing. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
