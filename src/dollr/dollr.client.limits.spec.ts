import { DollrOutcomeUnknownError } from './errors';
import { FakeDollrServer, ok, sendJson } from './testing/fake-dollr-server';
import { REFERENCE_ID, testClient } from './testing/test-client';

const PARTIES = '/v1/parties/list';

describe('DollrClient limits', () => {
  let server: FakeDollrServer;

  beforeEach(async () => {
    server = await FakeDollrServer.start();
  });

  afterEach(() => server.close());

  it('spaces requests to stay under rateLimitRps', async () => {
    server.on('GET', PARTIES, ok([]));
    const client = testClient(server, { rateLimitRps: 10 });
    await client.authenticate();
    const since = server.requests.length;

    await Promise.all(Array.from({ length: 5 }, () => client.listParties()));

    const arrivals = server.requests.slice(since).map((request) => request.at);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    expect(gaps).toHaveLength(4);
    // Sent 100 ms apart at 10 per second. Arrival times carry scheduling noise on a busy machine,
    // hence the slack; without the limiter the five would arrive within a few ms.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(60);
    expect(arrivals[4] - arrivals[0]).toBeGreaterThanOrEqual(350);
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
    server.on('POST', '/v1/executions/collection', (_request, response) => {
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
    expect(elapsed).toBeLessThan(900);
  });
});
