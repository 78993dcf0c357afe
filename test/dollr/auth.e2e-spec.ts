import { DollrAuthenticationError } from '../../src/dollr';
import { type Harness, rejectionOf, startHarness, TOKEN_PATH } from './dollr-sandbox';

const HOUR_MS = 3_600_000;

describe('Dollr client against the sandbox: authentication', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('shares one token refresh among 50 parallel calls once the token has expired', async () => {
    const client = h.client();
    await client.authenticate();
    expect(h.wire.tokenRequests()).toBe(1);

    // Two hours later, on both sides: the cached token is past its refresh point and dead.
    h.clock.advance(2 * HOUR_MS);
    await h.advanceSandboxClock('2h');
    const results = await Promise.all(Array.from({ length: 50 }, () => client.feeTiers()));

    expect(results).toHaveLength(50);
    for (const tiers of results)
      expect(tiers).toContainEqual(expect.objectContaining({ name: 'default' }));
    expect(h.wire.tokenRequests()).toBe(2);
    expect(h.wire.to('/v1/fees/tiers')).toHaveLength(50);
    // The refresh happened before the calls went out, so none of them was refused.
    expect(h.wire.withStatus(401)).toEqual([]);
  });

  it('shares one refresh when 50 parallel calls are all refused with 401', async () => {
    const client = h.client();
    await client.authenticate();

    // The sandbox's clock passes the token's expiry; the client does not know (its clock stays).
    await h.advanceSandboxClock('2h');
    const results = await Promise.all(Array.from({ length: 50 }, () => client.listParties()));

    expect(results).toEqual(Array.from({ length: 50 }, () => []));
    expect(h.wire.withStatus(401)).toHaveLength(50);
    expect(h.wire.tokenRequests()).toBe(2);
    // Each call was sent twice: once with the stale token, once with the fresh one.
    expect(
      h.wire
        .to('/v1/parties/list')
        .map((e) => e.status)
        .sort(),
    ).toEqual([...Array<number>(50).fill(200), ...Array<number>(50).fill(401)]);
  });

  it('on a 401 refreshes the token once and retries the call once', async () => {
    const client = h.client();
    await client.authenticate();
    await h.advanceSandboxClock('61m');

    const party = await client.createParty({ fullname: 'Amara Kamara', phone: '231886123456' });

    expect(party.id).toEqual(expect.any(Number));
    expect(h.wire.exchanges.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `POST ${TOKEN_PATH} 200`,
      'POST /v1/parties/create 401',
      `POST ${TOKEN_PATH} 200`,
      'POST /v1/parties/create 200',
    ]);
    // Not created twice: the refused request was not processed.
    expect(await client.listParties()).toHaveLength(1);
  });

  it('gives up with DollrAuthenticationError when the fresh token is refused too', async () => {
    // Every token the sandbox issues from now on is dead on arrival: its clock jumps past the
    // expiry right after each token answer.
    const fetchThenAge: typeof fetch = async (input, init) => {
      const response = await h.wire.fetch(input, init);
      if (h.wire.exchanges.at(-1)?.path === TOKEN_PATH) await h.advanceSandboxClock('61m');
      return response;
    };

    const error = await rejectionOf(h.client({ fetch: fetchThenAge }).retrieveParty(1));

    expect(error).toBeInstanceOf(DollrAuthenticationError);
    expect((error as DollrAuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain('Could not validate credentials');
    expect(h.wire.exchanges.map((e) => `${e.path} ${e.status}`)).toEqual([
      `${TOKEN_PATH} 200`,
      '/v1/parties/retrieve/1 401',
      `${TOKEN_PATH} 200`,
      '/v1/parties/retrieve/1 401',
    ]);
  });

  it('refreshes a short-lived sandbox token (tokenTtl=20s) before it expires: no 401', async () => {
    await h.setFaults('tokenTtl=20s');
    const client = h.client();
    await client.authenticate();

    // 15 s later on both clocks: the token is still valid for 5 s, but inside its refresh margin.
    h.clock.advance(15_000);
    await h.advanceSandboxClock('15s');
    await client.listParties();
    // 23 s after the first token: that one is dead now, the second one is not.
    h.clock.advance(8_000);
    await h.advanceSandboxClock('8s');
    await client.listParties();

    expect(h.wire.withStatus(401)).toEqual([]);
    expect(h.wire.exchanges.map((e) => `${e.path} ${e.status}`)).toEqual([
      `${TOKEN_PATH} 200`,
      `${TOKEN_PATH} 200`,
      '/v1/parties/list 200',
      '/v1/parties/list 200',
    ]);
  });

  it('refuses wrong client credentials with DollrAuthenticationError, without echoing the secret', async () => {
    const client = h.client({ clientSecret: 'wrong-secret-9c1d' });

    const error = await rejectionOf(client.listParties());

    expect(error).toBeInstanceOf(DollrAuthenticationError);
    expect((error as Error).message).toContain('Invalid client credentials');
    expect((error as Error).message).not.toContain('wrong-secret-9c1d');
    expect(h.wire.tokenRequests()).toBe(1);
    expect(h.wire.to('/v1/parties/list')).toEqual([]);
  });
});
