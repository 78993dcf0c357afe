import { MASK, registerSecret } from '../common/redact';
import { createSecretScrubber } from './secret-scrubber';

describe('createSecretScrubber', () => {
  const scrub = createSecretScrubber(['client-secret-xyz', '987654', undefined, 'abc']);

  beforeAll(() => registerSecret('globally-registered-token'));

  it.each([
    ['the client secret', 'bad secret client-secret-xyz given', `bad secret ${MASK} given`],
    ['the payout passcode', 'code 987654 refused', `code ${MASK} refused`],
    ['a bearer token', 'header Bearer abc.def-123 was sent', `header Bearer ${MASK} was sent`],
    [
      'a JWT',
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig-nature leaked',
      `token ${MASK} leaked`,
    ],
    ['a globally registered token', 'got globally-registered-token back', `got ${MASK} back`],
    ['every occurrence', 'client-secret-xyz/client-secret-xyz', `${MASK}/${MASK}`],
    ['nothing in clean text', 'body.currency: field required', 'body.currency: field required'],
    // Secrets shorter than 4 characters would mask ordinary words, so they are not used.
    ['not a too-short secret', 'abc is fine', 'abc is fine'],
  ])('masks %s', (_label, input, expected) => {
    expect(scrub(input)).toBe(expected);
  });

  it('masks a secret that contains another one whole', () => {
    const nested = createSecretScrubber(['pass', 'password-long']);
    expect(nested('x password-long y pass')).toBe(`x ${MASK} y ${MASK}`);
  });
});
