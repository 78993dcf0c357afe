import {
  apiKeyHint,
  checkKeyName,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  presentedApiKey,
  sameHash,
} from './api-key.util';

describe('API keys', () => {
  it('are random, prefixed, 256-bit and well formed', () => {
    const keys = new Set(Array.from({ length: 50 }, generateApiKey));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^dck_[A-Za-z0-9_-]{43}$/);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it('are stored as SHA-256, and shown only by their first characters', () => {
    const key = 'dck_' + 'A'.repeat(43);
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).not.toContain('AAAA');
    expect(apiKeyHint(key)).toBe('dck_AAAAAA');
  });

  it('compares hashes in constant time and refuses mismatched lengths', () => {
    const a = hashApiKey('dck_a');
    expect(sameHash(a, a)).toBe(true);
    expect(sameHash(a, hashApiKey('dck_b'))).toBe(false);
    expect(sameHash(a, a.slice(0, 62))).toBe(false);
    expect(sameHash('', '')).toBe(false);
  });

  it.each([
    [{ authorization: 'Bearer dck_x' }, 'dck_x'],
    [{ authorization: 'bearer   dck_x' }, 'dck_x'],
    [{ 'x-api-key': ' dck_y ' }, 'dck_y'],
    [{ authorization: 'Bearer dck_x', 'x-api-key': 'dck_y' }, 'dck_x'],
    [{ authorization: 'Basic dXNlcjpwdw==' }, 'Basic dXNlcjpwdw=='],
    [{}, undefined],
    [{ 'x-api-key': '' }, undefined],
  ])('reads the key a request sends: %j', (headers, key) => {
    expect(presentedApiKey(headers)).toBe(key);
  });

  it.each(['alice', 'Payroll bot 2', 'finance.manager@acme'])('accepts the key name %j', (name) => {
    expect(checkKeyName(name)).toBeNull();
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['x'.repeat(101), /at most 100 characters/],
    ['-alice', /must start with a letter or digit/],
    ['a/b', /may hold letters/],
    ['cli:root', /reserved/],
    ['System', /reserved/],
  ])('refuses the key name %j', (name, problem) => {
    expect(checkKeyName(name)).toMatch(problem);
  });
});
