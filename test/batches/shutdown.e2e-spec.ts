import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { type RunningService, startService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

/**
 * SIGTERM during a payment: the replica says it is not ready, takes nothing new, lets the step
 * with Dollr finish and release its lease (so another replica need not wait for it to expire),
 * and exits within SHUTDOWN_GRACE_SECONDS.
 */
describe('a replica shutting down (SIGTERM)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;
  let dataSource: DataSource;
  let maker: TestApiKey;
  let checker: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    service = await startService({
      DATABASE_URL: db.url,
      DOLLR_BASE_URL: sandbox.url,
      DOLLR_CLIENT_ID: sandbox.clientId,
      DOLLR_CLIENT_SECRET: sandbox.clientSecret,
      DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
      DOLLR_PAYOUT_PHONE: '231770000001',
      DOLLR_MAX_CONCURRENCY: '1',
      SHUTDOWN_GRACE_SECONDS: '20',
    });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'alice', 'maker');
    checker = await createApiKey({ DATABASE_URL: db.url }, 'bob', 'checker');
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await service?.stop();
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function post(path: string, as: TestApiKey, body?: FormData): Promise<unknown> {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: bearer(as),
      body,
    });
    expect(response.status).toBeLessThan(300);
    return response.json();
  }

  it('finishes the step in flight, releases its lease, says not ready, and exits in time', async () => {
    expect((await fetch(`${service.baseUrl}/health/ready`)).status).toBe(200);
    const form = new FormData();
    const csv = [
      'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
      'S1,Amara Kamara,0886 401 456,40.00,USD,2026-11',
      'S2,Jerome Kollie,0886 401 457,50.00,USD,2026-11',
    ].join('\n');
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'payroll.csv');
    form.append('type', 'payables');
    const { batchId } = (await post('/imports', maker, form)) as { batchId: number };
    await post(`/batches/${batchId}/preflight`, maker);
    await post(`/batches/${batchId}/approve`, checker);
    // Every Dollr answer now takes 1.5 s: the first payout's step is in flight when SIGTERM comes.
    sandbox.setFaults('latency=1500');
    await post(`/batches/${batchId}/run`, maker);
    await until(
      'a payment to be leased',
      async () => {
        const [row] = await dataSource.query<{ n: number | string }[]>(
          'SELECT COUNT(*) AS n FROM payments WHERE batch_id = ? AND lease_owner IS NOT NULL',
          [batchId],
        );
        return Number(row?.n) > 0 ? true : undefined;
      },
      20_000,
    );

    const stoppedAt = Date.now();
    service.child.kill('SIGTERM');
    const ready = await until(
      'not ready while draining',
      async () => {
        const response = await fetch(`${service.baseUrl}/health/ready`).catch(() => null);
        return response?.status === 503 ? response : undefined;
      },
      5_000,
    );
    expect(await ready.json()).toMatchObject({ error: { code: 'NOT_READY' } });
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      const { exitCode, signalCode } = service.child;
      if (exitCode !== null || signalCode !== null) resolve({ code: exitCode, signal: signalCode });
      else service.child.once('close', (code, signal) => resolve({ code, signal }));
    });
    sandbox.setFaults('latency=0');

    // Nest ends the process with the signal it received once it has closed (not forced: exit 1).
    expect([exit.code, exit.signal]).toEqual([null, 'SIGTERM']);
    expect(Date.now() - stoppedAt).toBeLessThan(20_000);
    expect(service.output()).toContain('letting the work on 1 batch(es) finish');
    const payments = await dataSource.query<{ status: string; lease_owner: string | null }[]>(
      'SELECT status, lease_owner FROM payments WHERE batch_id = ? ORDER BY id',
      [batchId],
    );
    // The step in flight ended and let go of its payment; the other was never taken.
    expect(payments.map((p) => p.lease_owner)).toEqual([null, null]);
    expect(payments.some((p) => p.status === 'PENDING')).toBe(true);
  });
});
