import {
  DollrNotFoundError,
  DollrOutcomeUnknownError,
  DollrRateLimitedError,
  DollrServerError,
} from '../../src/dollr';
import {
  collect,
  collectionSetup,
  type Harness,
  newReference,
  payout,
  payoutSetup,
  rejectionOf,
  startHarness,
} from './dollr-sandbox';

/**
 * Faults are made deterministic with a seed (same seed, same sequence) and `only=` to keep them
 * off the setup calls. With `rate429=0.5,seed=45` the first three rolls are 429, pass, pass; with
 * `error5xx=0.5,seed=8` the first three requests get 502, 503, pass. The specs check the statuses
 * they saw, so a different sequence would fail loudly rather than pass by luck.
 */
describe('Dollr client against the sandbox: retries, pauses and unknown outcomes', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('on a 429 pauses every request of the client for Retry-After, then succeeds', async () => {
    await h.setFaults('rate429=0.5,retryAfter=1,seed=45,only=/v1/parties/');
    // Tells the test when the client has started waiting out the pause.
    let pausing: () => void = () => undefined;
    const paused = new Promise<void>((resolve) => (pausing = resolve));
    const client = h.client({
      sleep: (ms) => {
        if (ms > 500) pausing();
        return h.sleeps.sleep(ms);
      },
    });
    await client.authenticate();
    h.wire.clear();

    const a = client.listParties();
    await paused;
    // A different call, started while the client is paused: it waits too.
    const b = client.feeTiers();
    const [parties, tiers] = await Promise.all([a, b]);

    expect(parties).toEqual([]);
    expect(tiers.length).toBeGreaterThan(0);
    const [limited, ...later] = h.wire.exchanges;
    expect(`${limited.path} ${limited.status}`).toBe('/v1/parties/list 429');
    expect(later.map((e) => `${e.path} ${e.status}`).sort()).toEqual([
      '/v1/fees/tiers 200',
      '/v1/parties/list 200',
    ]);
    for (const exchange of later) {
      expect(exchange.sentAt - (limited.endedAt as number)).toBeGreaterThanOrEqual(1_000);
    }
    // Both calls waited in the rate limiter for the 1 s pause (plus the limiter's 1 ms spacing;
    // short extra waits cover a timer that fires a little early), not for a backoff.
    const waits = h.sleeps.delays.filter((ms) => ms > 900);
    expect(waits).toHaveLength(2);
    for (const ms of h.sleeps.delays) expect(ms).toBeLessThanOrEqual(1_010);
  });

  it('fails with DollrRateLimitedError, unprocessed, when Retry-After is longer than allowed', async () => {
    const client = h.client({ retry: { maxRetryAfterMs: 5_000 } });
    await client.authenticate();
    await h.setFaults('rate429=1,retryAfter=30,only=/v1/parties/');

    const error = await rejectionOf(client.createParty({ fullname: 'A', phone: '231886123456' }));

    expect(error).toBeInstanceOf(DollrRateLimitedError);
    expect((error as DollrRateLimitedError).retryAfterMs).toBe(30_000);
    expect(h.wire.to('/v1/parties/create')).toHaveLength(1);
    // While the pause lasts, other calls fail fast instead of queueing for 30 s.
    await expect(client.feeTiers()).rejects.toBeInstanceOf(DollrRateLimitedError);
    expect(h.wire.to('/v1/fees/tiers')).toEqual([]);
  });

  it('retries a read after 5xx with exponential backoff and full jitter, then succeeds', async () => {
    const client = h.client({ retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100 } });
    const party = await client.createParty({ fullname: 'Amara', phone: '231886123456' });
    await h.setFaults('error5xx=0.5,seed=8,only=/v1/parties/retrieve/');
    h.wire.clear();

    const found = await client.retrieveParty(party.id);

    expect(found).toMatchObject({ id: party.id, fullname: 'Amara', phone: '231886123456' });
    expect(h.wire.exchanges.map((e) => e.status)).toEqual([502, 503, 200]);
    // random() is 0.5: half of 20 ms, then half of 40 ms.
    expect(h.sleeps.delays).toEqual([10, 20]);
  });

  it('stops retrying a read after maxAttempts with DollrServerError', async () => {
    const client = h.client({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 15 } });
    await client.authenticate();
    await h.setFaults('error5xx=1,only=/v1/fees/');

    const error = await rejectionOf(client.feeTiers());

    expect(error).toBeInstanceOf(DollrServerError);
    expect((error as DollrServerError).temporary).toBe(true);
    expect((error as Error).message).toContain('after 3 attempts');
    expect(h.wire.to('/v1/fees/tiers')).toHaveLength(3);
    // Backoff ceilings 10, then 20 capped at 15; jitter takes half.
    expect(h.sleeps.delays).toEqual([5, 7]);
  });

  it('never retries an execution on 5xx: outcome unknown, sent once, nothing applied', async () => {
    const client = h.client();
    const setup = await collectionSetup(client);
    await h.setFaults('error5xx=1,only=/v1/executions/');
    const ref = newReference();

    const error = await rejectionOf(collect(client, setup, ref));

    expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
    expect(error).toMatchObject({
      referenceId: ref,
      reason: 'server_error',
      statusPath: `/v1/status/collection/${ref}`,
      temporary: false,
    });
    expect((error as Error).message).toContain(ref);
    expect(h.wire.to('/v1/executions/collection')).toHaveLength(1);
    expect(h.sleeps.delays).toEqual([]);
    // This sandbox 5xx comes before handling: the poll resolves it as "never happened".
    await h.setFaults('error5xx=0');
    await expect(client.executionStatus('COLLECTION', ref)).rejects.toBeInstanceOf(
      DollrNotFoundError,
    );
    expect((await h.ledger()).executions).toEqual([]);
  });

  it.each([
    ['the connection is closed', 'close', 'network_error'],
    ['a 504 comes back', '504', 'server_error'],
  ])(
    'never retries an execution whose answer is lost (%s): one request in the ledger',
    async (_what, dropMode, reason) => {
      const client = h.client();
      const setup = await payoutSetup(client);
      await h.setFaults(`drop=1,dropMode=${dropMode},only=/v1/executions/`);
      const ref = newReference();

      const error = await rejectionOf(payout(client, setup, ref));

      expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
      expect(error).toMatchObject({ referenceId: ref, reason });
      expect(h.wire.to('/v1/executions/payout')).toHaveLength(1);
      const { executions } = await h.ledger();
      expect(executions).toEqual([
        expect.objectContaining({ reference_id: ref, operation: 'PAYOUT', requests: 1 }),
      ]);
    },
  );

  it('after a dropped execution, a status poll finds the committed execution, and it pays once', async () => {
    const client = h.client();
    const setup = await collectionSetup(client);
    await h.setFaults('drop=1,only=/v1/executions/');
    const ref = newReference();

    const error = await rejectionOf(collect(client, setup, ref));
    expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
    const statusPath = (error as DollrOutcomeUnknownError).statusPath;
    expect(statusPath).toBe(`/v1/status/collection/${ref}`);

    // The poll goes through (faults only hit /v1/executions/) and finds the execution.
    const found = await client.executionStatus('COLLECTION', ref);
    expect(found).toMatchObject({ reference_id: ref, operation_type: 'COLLECTION' });
    expect(['PENDING', 'PROCESSING']).toContain(found.status);

    await h.advanceSandboxClock('10s');
    const settled = await client.executionStatus('COLLECTION', ref);
    expect(settled).toMatchObject({ reference_id: ref, status: 'COMPLETED' });
    const { executions } = await h.ledger();
    expect(executions).toEqual([
      expect.objectContaining({ reference_id: ref, status: 'COMPLETED', requests: 1, effects: 1 }),
    ]);
    expect(h.wire.to('/v1/executions/collection')).toHaveLength(1);
  });
});
