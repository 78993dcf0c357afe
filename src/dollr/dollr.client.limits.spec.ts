import { DollrOutcomeUnknownError } from './errors';
import { FakeDollrServer, ok, sendJson } from './testing/fake-dollr-server';
import { ManualTime } from './testing/manual-time';
import { REFERENCE_ID, testClient } from './testing/test-client';
import { waitFor } from './testing/wait-for';

const PARTIES = '/v1/parties/list';

describe('DollrClient limits', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
  });

  afterEach(() => server.close());

  it('spaces requests to stay under rateLimitRps', async () => {
    server.on('GET', PARTIES, ok([]));
    // The client's clock only moves when the spec moves it, so a busy machine cannot bunch or
    // spread the slots; the limiter's own rules are specified in rate-limiter.spec.ts.
    const time = new ManualTime(1_000_000);
    const client = testClient(server, {
      rateLimitRps: 10,
      clock: time.clock,
      sleep: time.sleep,
    });
    await client.authenticate();
    const sent = (): number => server.requestsTo('GET', PARTIES).length;

    const all = Promise.all(Array.from({ length: 5 }, () => client.listParties()));
    for (let n = 1; n <= 5; n += 1) {
      // 99 ms after the previous slot nothing more leaves; at 100 ms exactly one more does.
      await time.advance(99);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sent()).toBe(n - 1);
      await time.advance(1);
      await waitFor(() => sent() === n);
    }
    await all;
    expect(sent()).toBe(5);
  });

  it('never has more than maxConcurrency requests in flight', async () => {
    server.on('GET', PARTIES, (_request, response) => {
      setTimeout(() => sendJson(response, 200, []), 60);
    });
    const client = testClient(server, { maxConcurrency: 3 });
    await client.authenticate();

    await Promise.all(Array.from({ length: 12 }, () => client.listParties()));

    expect(server.requestsTo('GET', PARTIES)).toHaveLength(12);
    expect(server.maxInFlight).toBe(3);
  });

  it('times out a request that gets no answer within timeoutMs', async () => {
    let abandoned = false;
    server.on('POST', '/v1/executions/collection', (_request, response) => {
      response.on('close', () => (abandoned = !response.writableEnded));
      setTimeout(
        () => sendJson(response, 200, { reference_id: REFERENCE_ID, status: 'PENDING' }),
        1000,
      );
    });
    const client = testClient(server, { timeoutMs: 200 });
    await client.authenticate();
    const started = Date.now();

    const error = await client
      .executeCollection({
        session_id: 1,
        payment_account_id: 2,
        currency: 'USD',
        reference_id: REFERENCE_ID,
      })
      .catch((e: unknown) => e);

    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(DollrOutcomeUnknownError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    // It gave up on the exchange before the answer came, rather than reading the answer late.
    await waitFor(() => abandoned);
  });
});
