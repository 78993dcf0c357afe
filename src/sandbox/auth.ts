import type { RequestContext } from './context';
import { parseBody } from './context';
import { ApiError, BAD_CREDENTIALS, NOT_AUTHENTICATED } from './http/errors';
import { findMerchant, type Merchant } from './resources/merchants';
import { expiresInMinutes, issueToken, secretsEqual, verifyToken } from './rules/tokens';
import { text } from './rules/validation';

/** `POST /v1/jwt/client/obtain/token`: a JSON body, `expires_in` in minutes. */
export function handleObtainToken(ctx: RequestContext, ttlSeconds: number, key: Buffer): unknown {
  const body = parseBody(ctx, { client_id: text(), client_secret: text() });
  const credential = ctx.options.credentials.find((c) => c.clientId === body.client_id);
  if (!credential || !secretsEqual(body.client_secret, credential.clientSecret)) {
    throw new ApiError(401, { detail: 'Invalid client credentials' });
  }
  const { token } = issueToken(credential.clientId, ctx.now, ttlSeconds, key);
  return { access_token: token, expires_in: expiresInMinutes(ttlSeconds) };
}

/** The merchant behind an `Authorization: Bearer …` header, or the documented 401s. */
export function authenticate(
  ctx: RequestContext,
  header: string | undefined,
  key: Buffer,
): Merchant {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (header === undefined || header.trim() === '') throw NOT_AUTHENTICATED;
  if (!match) throw BAD_CREDENTIALS;
  const claims = verifyToken(match[1], key, ctx.now);
  const merchant = claims && findMerchant(ctx.store, claims.sub);
  if (!merchant) throw BAD_CREDENTIALS;
  return merchant;
}
