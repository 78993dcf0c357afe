import { randomUUID } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox';
import { call, ledger, Merchant, startTestSandbox, type TestClock } from './sandbox-client';

describe('sandbox fault injection', () => {
  let sandbox: RunningSandbox;
  let clock: TestClock;
  let merchant: Merchant;

  beforeEach(async () => {
    ({ sandbox, clock } = await startTestSandbox());
    merchant = await Merchant.login(sandbox);
  });

  afterEach(() => sandbox.close());

  const setFaults = (body: unknown) => call(sandbox.url, 'PUT', '/__sandbox/faults', { body });

  it('answers 429 with Retry-After in seconds, and never faults the control endpoints', async () => {
    const changed = await setFaults({ rate429: 1, retryAfter: 3 });
    expect(changed.body).toMatchObject({ rate429: 1, retryAfter: 3 });
    const limited = await merchant.get('/v1/parties/list');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await call(sandbox.url, 'GET', '/__sandbox/ledger')).status).toBe(200);
    await call(sandbox.url, 'DELETE', '/__sandbox/faults');
    expect((await merchant.get('/v1/parties/list')).status).toBe(200);
  });

  it('answers every request of a 429 burst with the seconds until the burst ends', async () => {
    // A burst that lasts all but the last second of each day: the request falls inside it.
    const changed = await setFaults('burst429=86399s/86400s');
    expect(changed.body).toMatchObject({ burst429: '86399000ms/86400000ms' });
    const limited = await merchant.get('/v1/parties/list');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 86399).toBe(true);
    await setFaults('burst429=off');
    expect((await merchant.get('/v1/parties/list')).status).toBe(200);
  });

  it('enforces a real rate limit per merchant, whichever of its tokens is used, and reports the traffic', async () => {
    // Two processes of one merchant each hold a token of their own: the limit is still one.
    const other = await Merchant.login(sandbox);
    await setFaults('rps=3');
    const since = new Date(Date.now() - 1000).toISOString();
    const answers = await Promise.all(
      [merchant, other, merchant, other, merchant, other, merchant, other].map((m) =>
        m.get('/v1/parties/list'),
      ),
    );
    // Eight requests within a second or two: whatever the split, one second saw more than 3.
    expect(answers.map((answer) => answer.status)).toContain(429);
    const traffic = await call(sandbox.url, 'GET', `/__sandbox/traffic?since=${since}`);
    const seconds = (traffic.body as { seconds: { key: string; requests: number }[] }).seconds;
    const ours = seconds.filter((entry) => entry.key === 'merchant:sandbox');
    expect(ours.reduce((sum, entry) => sum + entry.requests, 0)).toBe(8);
    expect(
      (traffic.body as { busiest_second: Record<string, number> }).busiest_second[
        'merchant:sandbox'
      ],
    ).toBeGreaterThanOrEqual(4);
  });

  it('answers a 5xx before handling, so nothing is applied', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    await setFaults({ error5xx: 1 });
    const ref = randomUUID();
    const answer = await merchant.collect(setup, ref);
    expect([500, 502, 503]).toContain(answer.status);
    await setFaults({ error5xx: 0 });
    expect((await merchant.get(`/v1/status/collection/${ref}`)).status).toBe(404);
    expect((await ledger(sandbox)).executions).toEqual([]);
  });

  it('drops the answer of a committed execution; a status poll then finds it', async () => {
    const setup = await merchant.payoutSetup('231886123456', 50);
    await setFaults({ drop: 1 });
    const ref = randomUUID();
    await expect(merchant.payout(setup, ref)).rejects.toThrow();
    await setFaults({ drop: 0 });
    const status = await merchant.ok(merchant.get(`/v1/status/payout/${ref}`));
    expect(status.body).toMatchObject({ reference_id: ref, status: 'PENDING' });

    // The client's retry with the same id is a replay, not a second payout.
    await merchant.ok(merchant.payout(setup, ref));
    clock.advance(6_000);
    expect((await ledger(sandbox)).executions).toEqual([
      expect.objectContaining({ reference_id: ref, status: 'COMPLETED', requests: 2, effects: 1 }),
    ]);
  });

  it('can drop as a 504 instead of closing the connection', async () => {
    const setup = await merchant.collectionSetup('231886123456');
    sandbox.setFaults('drop=1,dropMode=504,only=/v1/executions/');
    const ref = randomUUID();
    const answer = await merchant.collect(setup, ref);
    expect(answer.status).toBe(504);
    expect((await merchant.get(`/v1/status/collection/${ref}`)).status).toBe(200);
  });

  it('adds latency', async () => {
    await setFaults({ latency: 150 });
    const started = Date.now();
    await merchant.ok(merchant.get('/v1/fees/tiers'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('refuses unknown fault keys', async () => {
    const answer = await setFaults({ explode: 1 });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toContain('unknown fault "explode"');
  });

  it('repeats the same faults for the same seed', async () => {
    const run = async () => {
      await setFaults('seed=11,error5xx=0.5');
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await merchant.get('/v1/fees/tiers')).status);
      return statuses;
    };
    const first = await run();
    await setFaults('seed=12');
    const second = await run();
    expect(second).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((status) => status >= 500)).toBe(true);
  });

  it('takes faults at start-up', async () => {
    await sandbox.close();
    ({ sandbox, clock } = await startTestSandbox({ faults: 'rate429=1,retryAfter=7' }));
    const answer = await call(sandbox.url, 'POST', '/v1/jwt/client/obtain/token', {
      body: { client_id: 'sandbox', client_secret: 'sandbox' },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
  });
});
