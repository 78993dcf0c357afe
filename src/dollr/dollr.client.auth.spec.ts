import { DollrAuthenticationError } from './errors';
import { FakeDollrServer, inTurn, ok, status, TOKEN_PATH } from './testing/fake-dollr-server';
import { TEST_CLIENT_SECRET, testClient } from './testing/test-client';

const MINUTE = 60_000;
const PARTIES = '/v1/parties/list';

describe('DollrClient authentication', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
    server.on('GET', PARTIES, ok([]));
  });

  afterEach(() => server.close());

  it('sends the client credentials as a JSON body and the token as a bearer header', async () => {
    const client = testClient(server);
    await client.listParties();
    const [tokenRequest] = server.tokenRequests;
    expect(tokenRequest.headers['content-type']).toBe('application/json');
    expect(JSON.parse(tokenRequest.body)).toEqual({
      client_id: 'test-client',
      client_secret: TEST_CLIENT_SECRET,
    });
    const [call] = server.requestsTo('GET', PARTIES);
    expect(call.headers.authorization).toMatch(/^Bearer tok-1-/);
  });

  it('makes exactly one token request for 50 parallel calls with an expired token', async () => {
    let now = Date.parse('2025-06-01T10:00:00Z');
    const client = testClient(server, { clock: () => now });
    await client.listParties();
    expect(server.tokenRequests).toHaveLength(1);

    now += 61 * MINUTE;
    server.revokeTokens();
    await Promise.all(Array.from({ length: 50 }, () => client.listParties()));

    expect(server.tokenRequests).toHaveLength(2);
    const calls = server.requestsTo('GET', PARTIES).slice(1);
    expect(calls).toHaveLength(50);
    expect(new Set(calls.map((call) => call.token)).size).toBe(1);
    expect(calls[0].token).toMatch(/^tok-2-/);
  });

  it('refreshes the token once fewer than 5 minutes remain, not before', async () => {
    let now = Date.parse('2025-06-01T10:00:00Z');
    const client = testClient(server, { clock: () => now });
    await client.listParties();

    now += 55 * MINUTE - 1000; // 5 min 1 s left
    await client.listParties();
    expect(server.tokenRequests).toHaveLength(1);

    now += 2000; // 4 min 59 s left: a new token is fetched; meanwhile calls carry the current one
    await client.listParties();
    now += 150_000; // 2 min 29 s left: too close to expiry to be sent any more
    await client.listParties();
    expect(server.tokenRequests).toHaveLength(2);
    const tokens = server.requestsTo('GET', PARTIES).map((call) => call.token);
    expect(tokens[1]).toBe(tokens[0]);
    expect(tokens[2]).toBe(tokens[0]);
    expect(tokens[3]).not.toBe(tokens[0]);
  });

  it('on a 401 gets a new token and sends the call once more', async () => {
    const client = testClient(server);
    await client.listParties();
    server.revokeTokens(); // e.g. revoked on Dollr's side before its expiry

    await expect(client.listParties()).resolves.toEqual([]);

    expect(server.tokenRequests).toHaveLength(2);
    const calls = server.requestsTo('GET', PARTIES);
    expect(calls).toHaveLength(3);
    expect(calls[1].token).toBe(calls[0].token);
    expect(calls[2].token).not.toBe(calls[0].token);
  });

  it('retries a 401 on a money-moving call too: it was refused, not processed', async () => {
    server.on('POST', '/v1/sessions/checkout', ok({ id: 55 }));
    const client = testClient(server);
    await client.listParties();
    server.revokeTokens();

    await expect(
      client.createCheckoutSession({ source_id: 101, source_type: 'INVOICE' }),
    ).resolves.toEqual({ id: 55 });
    expect(server.requestsTo('POST', '/v1/sessions/checkout')).toHaveLength(2);
  });

  it('gives up with DollrAuthenticationError when the fresh token is refused too', async () => {
    server.on('GET', PARTIES, status(401, { detail: 'Could not validate credentials' }));
    const client = testClient(server);

    const error = await client.listParties().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DollrAuthenticationError);
    expect(error).toMatchObject({ code: 'DOLLR_AUTHENTICATION_FAILED', temporary: false });
    expect((error as Error).message).toContain('Could not validate credentials');
    expect(server.requestsTo('GET', PARTIES)).toHaveLength(2);
    expect(server.tokenRequests).toHaveLength(2);
  });

  it('reports refused client credentials without echoing the secret', async () => {
    server.on(
      'POST',
      TOKEN_PATH,
      status(401, { detail: `invalid client_secret ${TEST_CLIENT_SECRET}` }),
    );
    const client = testClient(server);

    const error = await client.authenticate().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DollrAuthenticationError);
    expect((error as Error).message).toContain('DOLLR_CLIENT_ID and DOLLR_CLIENT_SECRET');
    expect((error as Error).message).toContain('invalid client_secret ***');
    expect((error as Error).message).not.toContain(TEST_CLIENT_SECRET);
    // A refused token request is not retried.
    expect(server.tokenRequests).toHaveLength(1);
  });

  it('retries a token request that failed with a 5xx', async () => {
    server.on('POST', TOKEN_PATH, inTurn(status(503), server.issueToken));
    const client = testClient(server);
    await expect(client.listParties()).resolves.toEqual([]);
    expect(server.tokenRequests).toHaveLength(2);
  });
});
