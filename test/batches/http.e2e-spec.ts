import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { type BatchJson, ledger } from './payout-support';

/** The batches API of the running service, whose background worker pays running batches. */
describe('batches over HTTP (service with its background worker)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;

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
    });
  });

  afterAll(async () => {
    await service?.stop();
    await sandbox?.close();
    await db?.drop();
  });

  async function call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function upload(csv: string): Promise<{ batchId: number }> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'payroll.csv');
    form.append('type', 'payables');
    const response = await fetch(`${service.baseUrl}/imports`, { method: 'POST', body: form });
    expect(response.status).toBe(201);
    return (await response.json()) as { batchId: number };
  }

  async function until(batchId: number, done: (b: BatchJson) => boolean): Promise<BatchJson> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await call<BatchJson>('GET', `/batches/${batchId}`);
      if (done(body) || Date.now() > deadline) return body;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('uploads, pre-flights, approves and runs a batch; the service pays it in the background', async () => {
    const { batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'H1,Amara Kamara,0886 300 456,40.00,USD,2026-09',
        'H2,Jerome Kollie,0770 300 457,60.00,USD,2026-09',
      ].join('\n'),
    );
    expect(batchId).toEqual(expect.any(Number));

    const preflight = await call<BatchJson>('POST', `/batches/${batchId}/preflight`);
    expect(preflight).toMatchObject({ status: 200, body: { status: 'AWAITING_APPROVAL' } });

    // Uploads over HTTP are recorded as made by "api" until API keys identify people.
    const own = await call<{ error: { code: string } }>('POST', `/batches/${batchId}/approve`, {
      as: 'api',
    });
    expect(own).toMatchObject({ status: 403, body: { error: { code: 'MAKER_CHECKER' } } });
    const unknownField = await call<{ error: { code: string } }>(
      'POST',
      `/batches/${batchId}/approve`,
      {
        as: 'bob',
        amount: 1,
      },
    );
    expect(unknownField).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });

    expect(
      (await call<BatchJson>('POST', `/batches/${batchId}/approve`, { as: 'bob' })).body.status,
    ).toBe('APPROVED');
    expect((await call<BatchJson>('POST', `/batches/${batchId}/run`)).body.status).toBe('RUNNING');

    const done = await until(batchId, (b) => b.status === 'COMPLETED');
    expect(done).toMatchObject({
      batchId,
      status: 'COMPLETED',
      counts: { PENDING: 0, PROCESSING: 0, COMPLETED: 2, FAILED: 0, CANCELED: 0 },
      totals: [
        {
          currency: 'USD',
          requested: '100.00',
          completed: '100.00',
          failed: '0.00',
          fees: expect.any(String) as string,
        },
      ],
    });
    const payments = await call<{ externalRef: string; status: string }[]>(
      'GET',
      `/batches/${batchId}/payments`,
    );
    expect(payments.body.map((p) => [p.externalRef, p.status])).toEqual([
      ['H1', 'COMPLETED'],
      ['H2', 'COMPLETED'],
    ]);
    const paid = (await ledger(sandbox)).filter((e) =>
      ['231886300456', '231770300457'].includes(e.phone),
    );
    expect(paid.map((e) => e.effects)).toEqual([1, 1]);

    const list = await call<BatchJson[]>('GET', '/batches');
    expect(list.body.map((b) => b.batchId)).toContain(batchId);
  });

  it('cancels the payments not yet sent, and refuses what a state does not allow', async () => {
    const { batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'K1,Fatu Sirleaf,0886 301 456,10.00,USD,2026-10',
      ].join('\n'),
    );
    const early = await call<{ error: { code: string; message: string } }>(
      'POST',
      `/batches/${batchId}/run`,
    );
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'BATCH_STATE' } } });
    const canceled = await call<BatchJson>('POST', `/batches/${batchId}/cancel`, {
      reason: 'wrong month',
    });
    expect(canceled.body).toMatchObject({
      status: 'CANCELED',
      counts: { CANCELED: 1, PENDING: 0 },
    });
    const missing = await call<{ error: { code: string } }>('GET', '/batches/99999');
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'BATCH_NOT_FOUND' } } });
    expect((await ledger(sandbox)).some((e) => e.phone === '231886301456')).toBe(false);
  });

  it('documents the batch endpoints', async () => {
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/batches',
      '/batches/{id}',
      '/batches/{id}/payments',
      '/batches/{id}/approve',
      '/batches/{id}/retry-failed',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
  });
});
