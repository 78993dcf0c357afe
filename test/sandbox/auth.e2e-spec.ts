import type { RunningSandbox } from '../../src/sandbox';
import { call, startTestSandbox, type TestClock } from './sandbox-client';

const TOKEN = '/v1/jwt/client/obtain/token';

describe('sandbox authentication', () => {
  let sandbox: RunningSandbox;
  let clock: TestClock;

  afterEach(() => sandbox.close());

  async function token(body: unknown = { client_id: 'sandbox', client_secret: 'sandbox' }) {
    return call(sandbox.url, 'POST', TOKEN, { body });
  }

  it('issues a token whose expires_in is in minutes', async () => {
    ({ sandbox, clock } = await startTestSandbox());
    const answer = await token();
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(60);
    expect(answer.body.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('reports a 30 s token as expires_in 0.5 minutes and expires it after 30 s', async () => {
    ({ sandbox, clock } = await startTestSandbox({ tokenTtlSeconds: 30 }));
    const answer = await token();
    expect(answer.body.expires_in).toBe(0.5);
    const bearer = answer.body.access_token as string;
    clock.advance(29_000);
    expect((await call(sandbox.url, 'GET', '/v1/parties/list', { token: bearer })).status).toBe(
      200,
    );
    clock.advance(1_000);
    const expired = await call(sandbox.url, 'GET', '/v1/parties/list', { token: bearer });
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: 'Could not validate credentials' });
  });

  it('takes the token lifetime from the tokenTtl fault', async () => {
    ({ sandbox, clock } = await startTestSandbox({ faults: 'tokenTtl=2m' }));
    expect((await token()).body.expires_in).toBe(2);
  });

  it.each([
    ['no header', undefined, { detail: 'Not authenticated' }],
    ['a malformed token', 'garbage', { detail: 'Could not validate credentials' }],
    [
      'a forged token',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      { detail: 'Could not validate credentials' },
    ],
  ])('answers 401 for %s', async (_name, bearer, body) => {
    ({ sandbox, clock } = await startTestSandbox());
    const answer = await call(sandbox.url, 'GET', '/v1/parties/list', { token: bearer });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(body);
  });

  it('answers 401 for a wrong secret and 422 for missing fields', async () => {
    ({ sandbox, clock } = await startTestSandbox());
    const wrong = await token({ client_id: 'sandbox', client_secret: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ detail: 'Invalid client credentials' });
    const missing = await token({ client_id: 'sandbox' });
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [
        { loc: ['body', 'client_secret'], msg: 'field required', type: 'value_error.missing' },
      ],
    });
  });

  it('accepts several credential pairs', async () => {
    ({ sandbox, clock } = await startTestSandbox({
      credentials: [
        { clientId: 'acme', clientSecret: 's1' },
        { clientId: 'globex', clientSecret: 's2' },
      ],
    }));
    expect((await token({ client_id: 'globex', client_secret: 's2' })).status).toBe(200);
    expect((await token({ client_id: 'sandbox', client_secret: 'sandbox' })).status).toBe(401);
  });
});
