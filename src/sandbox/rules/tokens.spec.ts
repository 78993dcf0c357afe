import { expiresInMinutes, issueToken, secretsEqual, verifyToken } from './tokens';

const key = Buffer.alloc(32, 7);
const t0 = Date.UTC(2025, 5, 1);

describe('tokens', () => {
  it('verifies its own tokens until they expire', () => {
    const { token } = issueToken('sandbox', t0, 30, key);
    expect(token.split('.')).toHaveLength(3);
    expect(verifyToken(token, key, t0 + 29_999)?.sub).toBe('sandbox');
    expect(verifyToken(token, key, t0 + 30_000)).toBeUndefined();
  });

  it('refuses a token signed with another key or altered', () => {
    const { token } = issueToken('sandbox', t0, 60, key);
    expect(verifyToken(token, Buffer.alloc(32, 8), t0)).toBeUndefined();
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'other', iat: 0, exp: 9e9, jti: 'x' }),
    ).toString('base64url');
    expect(verifyToken(`${header}.${forged}.${signature}`, key, t0)).toBeUndefined();
    expect(verifyToken('not-a-jwt', key, t0)).toBeUndefined();
    expect(verifyToken(`${token} `, key, t0)).toBeUndefined();
  });

  it.each([
    [3600, 60],
    [60, 1],
    [300, 5],
    [30, 0.5],
    [20, 0.333333],
    [1, 0.016666],
    [61, 1.016666],
    [90, 1.5],
  ])('a %s s lifetime is expires_in %s minutes', (seconds, minutes) => {
    expect(expiresInMinutes(seconds)).toBe(minutes);
  });

  it('compares secrets exactly', () => {
    expect(secretsEqual('sandbox', 'sandbox')).toBe(true);
    expect(secretsEqual('sandbox ', 'sandbox')).toBe(false);
    expect(secretsEqual('', 'sandbox')).toBe(false);
  });
});
