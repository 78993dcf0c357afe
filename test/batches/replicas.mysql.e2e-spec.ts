import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { type RunningService, startService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';
import { expectLedgerProof } from './payout-support';

/**
 * Two replicas of the service on one MariaDB, paying for one merchant whose Dollr limit is a real
 * 50 requests/s (the sandbox answers 429 beyond it, counting by merchant whatever the token).
 * Each replica is told the merchant's limit; together they must keep to it. Runs in the MariaDB
 * pass only (`*.mysql.e2e-spec.ts`), as replicas are a MySQL/MariaDB deployment.
 */

const LIMIT = 50;
const PAYOUTS = 500;

interface Traffic {
  seconds: { second: string; key: string; requests: number; rate_limited: number }[];
}

describe('two replicas sharing one Dollr rate limit (MariaDB)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let dataSource: DataSource;
  let replicas: RunningService[] = [];
  let maker: TestApiKey;
  let checker: TestApiKey;

  const environment = (): Record<string, string> => ({
    DATABASE_URL: db.url,
    DOLLR_BASE_URL: sandbox.url,
    DOLLR_CLIENT_ID: sandbox.clientId,
    DOLLR_CLIENT_SECRET: sandbox.clientSecret,
    DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
    DOLLR_PAYOUT_PHONE: '231770000001',
    DOLLR_RATE_LIMIT_RPS: String(LIMIT),
    DOLLR_MAX_CONCURRENCY: '16',
    DOLLR_FIRST_STATUS_CHECK_MS: '500',
    SHUTDOWN_GRACE_SECONDS: '20',
    STATUS_POLL_CRON: 'off',
    NIGHTLY_SYNC_CRON: 'off',
    INVOICE_SYNC_CRON: 'off',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    if (db.type !== 'mysql')
      throw new Error('replicas share a MySQL/MariaDB: set TEST_DATABASE_URL');
    sandbox = await startSandbox({
      faults: `rps=${LIMIT},retryAfter=1`,
      timing: { pendingMs: 200, processingMs: 500 },
    });
    replicas = [await startService(environment()), await startService(environment())];
    maker = await createApiKey({ DATABASE_URL: db.url }, 'alice', 'maker');
    checker = await createApiKey({ DATABASE_URL: db.url }, 'bob', 'checker');
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function call(
    replica: RunningService,
    method: string,
    path: string,
    as: TestApiKey,
    body?: FormData,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${replica.baseUrl}${path}`, {
      method,
      headers: bearer(as),
      body,
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  }

  /** Imports, pre-flights and approves a payroll of new payees on the first replica. */
  async function approvedBatch(firstPhone: number): Promise<number> {
    const rows = Array.from(
      { length: PAYOUTS },
      (_, index) =>
        `R${firstPhone + index},Payee ${firstPhone + index},0${firstPhone + index},10.00,USD,2026-11`,
    );
    const csv = ['Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period', ...rows];
    const form = new FormData();
    form.append('file', new Blob([csv.join('\n')], { type: 'text/csv' }), 'payroll.csv');
    form.append('type', 'payables');
    const { batchId } = (await call(replicas[0], 'POST', '/imports', maker, form)) as {
      batchId: number;
    };
    await call(replicas[0], 'POST', `/batches/${batchId}/preflight`, maker);
    await call(replicas[0], 'POST', `/batches/${batchId}/approve`, checker);
    return batchId;
  }

  async function completedCount(batchId: number): Promise<number> {
    const [row] = await dataSource.query<{ n: number | string }[]>(
      "SELECT COUNT(*) AS n FROM payments WHERE batch_id = ? AND status IN ('COMPLETED', 'FAILED')",
      [batchId],
    );
    return Number(row?.n);
  }

  async function workers(batchId: number): Promise<Map<string, number>> {
    const rows = await dataSource.query<{ worker: string; n: number | string }[]>(
      `SELECT a.worker, COUNT(*) AS n FROM payment_attempts a JOIN payments p ON p.id = a.payment_id
       WHERE p.batch_id = ? GROUP BY a.worker`,
      [batchId],
    );
    return new Map(rows.map((row) => [row.worker, Number(row.n)]));
  }

  /** The merchant's requests at the sandbox since `since`: busiest second, totals and 429s. */
  async function trafficSince(since: Date) {
    const response = await fetch(
      `${sandbox.url}/__sandbox/traffic?since=${encodeURIComponent(since.toISOString())}`,
    );
    const { seconds } = (await response.json()) as Traffic;
    const merchant = seconds.filter((entry) => entry.key === `merchant:${sandbox.clientId}`);
    return {
      busiest: Math.max(...merchant.map((entry) => entry.requests)),
      requests: merchant.reduce((sum, entry) => sum + entry.requests, 0),
      rateLimited: merchant.reduce((sum, entry) => sum + entry.rate_limited, 0),
      seconds: merchant.length,
    };
  }

  async function expectAllPaidOnce(batchId: number): Promise<void> {
    const statuses = await dataSource.query<{ status: string; n: number | string }[]>(
      'SELECT status, COUNT(*) AS n FROM payments WHERE batch_id = ? GROUP BY status',
      [batchId],
    );
    expect(statuses.map((row) => [row.status, Number(row.n)])).toEqual([['COMPLETED', PAYOUTS]]);
    await expectLedgerProof(dataSource, sandbox, batchId);
  }

  it(`pays ${PAYOUTS} payouts: never over ${LIMIT} requests in any second, at most 1 % answered 429`, async () => {
    const batchId = await approvedBatch(886_400_000);
    const since = new Date();
    await call(replicas[1], 'POST', `/batches/${batchId}/run`, maker);
    await until(
      'every payment to be final',
      async () => ((await completedCount(batchId)) === PAYOUTS ? true : undefined),
      240_000,
      500,
    );

    const traffic = await trafficSince(since);
    expect(traffic.busiest).toBeLessThanOrEqual(LIMIT);
    expect(traffic.rateLimited).toBeLessThanOrEqual(traffic.requests * 0.01);
    // Both replicas paid, each its share.
    const byWorker = await workers(batchId);
    expect(byWorker.size).toBe(2);
    for (const count of byWorker.values()) expect(count).toBeGreaterThan(PAYOUTS / 5);
    await expectAllPaidOnce(batchId);
  }, 300_000);

  it('when one replica is stopped midway, the other finishes without waiting for its leases to expire', async () => {
    const batchId = await approvedBatch(886_500_000);
    const since = new Date();
    await call(replicas[0], 'POST', `/batches/${batchId}/run`, maker);
    await until(
      'a fifth of the payments to be final',
      async () => ((await completedCount(batchId)) >= PAYOUTS / 5 ? true : undefined),
      120_000,
      200,
    );
    const [stopping, staying] = replicas;
    const exitCode = await stopping.stop();
    expect(exitCode).toBeNull(); // Ended by its SIGTERM after draining, not forced.
    // It let go of every payment it held (its leases are named after its host and pid): the
    // survivor takes them at once rather than after they expire.
    const [held] = await dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM payments WHERE batch_id = ? AND lease_owner = ?',
      [batchId, `${hostname()}:${stopping.child.pid}`],
    );
    expect(Number(held?.n)).toBe(0);
    const atStop = await completedCount(batchId);
    await until(
      'every payment to be final',
      async () => ((await completedCount(batchId)) === PAYOUTS ? true : undefined),
      240_000,
      500,
    );
    const byWorker = await workers(batchId);
    expect(byWorker.size).toBe(2);
    expect(atStop).toBeLessThan(PAYOUTS);
    const traffic = await trafficSince(since);
    expect(traffic.busiest).toBeLessThanOrEqual(LIMIT);
    expect(traffic.rateLimited).toBeLessThanOrEqual(traffic.requests * 0.01);
    await expectAllPaidOnce(batchId);
    replicas = [staying];
  }, 300_000);
});
