import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { type BatchJson, ledger } from './payout-support';
import { until } from '../support/until';

/** The batches API of the running service, whose background worker pays running batches. */
describe('batches over HTTP (service with its background worker)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;
  let maker: TestApiKey;
  let checker: TestApiKey;
  let admin: TestApiKey;

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
      // Run by hand where a spec counts its runs, never by the clock in the middle of one.
      STATUS_POLL_CRON: 'off',
    });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'alice', 'maker');
    checker = await createApiKey({ DATABASE_URL: db.url }, 'bob', 'checker');
    admin = await createApiKey({ DATABASE_URL: db.url }, 'carol', 'admin');
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
    as: TestApiKey = maker,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${service.baseUrl}${path}`, {
      method,
      headers: {
        ...bearer(as),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async function upload(
    csv: string,
    as: TestApiKey = maker,
  ): Promise<{ batchId: number; importId: number }> {
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'payroll.csv');
    form.append('type', 'payables');
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(as),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { batchId: number; importId: number };
  }

  /** The batch once `done` holds for it. */
  function batchOnce(batchId: number, done: (b: BatchJson) => boolean): Promise<BatchJson> {
    return until(
      `batch ${batchId} to reach the expected state`,
      async () => {
        const { body } = await call<BatchJson>('GET', `/batches/${batchId}`);
        return done(body) ? body : undefined;
      },
      60_000,
    );
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

    // GET answers what the calling key may do: the maker operates, the checker approves.
    const asMaker = await call<{ actions: string[] }>('GET', `/batches/${batchId}`);
    expect(asMaker.body.actions).toEqual(['preflight', 'cancel']);
    const asChecker = await call<{ actions: string[] }>(
      'GET',
      `/batches/${batchId}`,
      undefined,
      checker,
    );
    expect(asChecker.body.actions).toEqual(['approve']);

    // The approver is the key's owner: a maker may not approve, and nobody approves "as" another.
    const byMaker = await call<{ error: { code: string } }>('POST', `/batches/${batchId}/approve`);
    expect(byMaker).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const asSomeoneElse = await call<{ error: { code: string } }>(
      'POST',
      `/batches/${batchId}/approve`,
      { as: 'dave' },
      checker,
    );
    expect(asSomeoneElse).toMatchObject({
      status: 400,
      body: { error: { code: 'VALIDATION_FAILED' } },
    });
    expect(JSON.stringify(asSomeoneElse.body)).toContain('as');

    const approved = await call<BatchJson & { approvals: { approvedBy: string }[] }>(
      'POST',
      `/batches/${batchId}/approve`,
      undefined,
      checker,
    );
    expect(approved.body.status).toBe('APPROVED');
    const afterApproval = await call<{ actions: string[] }>(
      'GET',
      `/batches/${batchId}`,
      undefined,
      checker,
    );
    expect(afterApproval.body.actions).toEqual([]);
    expect(approved.body.approvals.map((a) => a.approvedBy)).toEqual(['bob']);
    expect((await call<BatchJson>('POST', `/batches/${batchId}/run`)).body.status).toBe('RUNNING');

    const done = await batchOnce(batchId, (b) => b.status === 'COMPLETED');
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

  it('an admin who uploaded a batch cannot approve it (maker-checker on identity)', async () => {
    const { batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'M1,Musu Doe,0886 302 456,15.00,USD,2026-11',
      ].join('\n'),
      admin,
    );
    expect((await call<BatchJson>('POST', `/batches/${batchId}/preflight`)).status).toBe(200);
    const own = await call<{ error: { code: string; message: string } }>(
      'POST',
      `/batches/${batchId}/approve`,
      undefined,
      admin,
    );
    expect(own).toMatchObject({ status: 403, body: { error: { code: 'MAKER_CHECKER' } } });
    expect(own.body.error.message).toContain('carol imported this batch');
    const details = await call<{ status: string; createdBy: string }>('GET', `/batches/${batchId}`);
    expect(details.body).toMatchObject({ status: 'AWAITING_APPROVAL', createdBy: 'carol' });
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

  it('makes the batch of an import left without one, on request (POST /imports/:id/batch)', async () => {
    const { importId, batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'K2,Musu Kollie,0886 302 456,12.00,USD,2026-10',
      ].join('\n'),
    );
    // As if the process had died between the import and its batch.
    const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
    try {
      await dataSource.query('DELETE FROM payments WHERE batch_id = ?', [batchId]);
      await dataSource.query('DELETE FROM batches WHERE id = ?', [batchId]);
    } finally {
      await dataSource.destroy();
    }
    expect((await call('GET', `/batches/${batchId}`)).status).toBe(404);

    const made = await call<BatchJson>('POST', `/imports/${importId}/batch`);
    const again = await call<BatchJson>('POST', `/imports/${importId}/batch`);

    expect(made).toMatchObject({ status: 200, body: { status: 'DRAFT', counts: { PENDING: 1 } } });
    expect(again.body.batchId).toBe(made.body.batchId);
    const refused = await call<{ error: { code: string } }>(
      'POST',
      `/imports/${importId}/batch`,
      undefined,
      checker,
    );
    expect(refused.status).toBe(403);
  });

  it('answers Prometheus metrics (with a key) whose series move when a batch runs', async () => {
    const scrape = async (): Promise<string> => {
      const response = await fetch(`${service.baseUrl}/metrics`, { headers: bearer(maker) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      return response.text();
    };
    const value = (text: string, series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const paid = 'payments{kind="PAYOUT",status="COMPLETED"}';
    const sent = 'dollr_requests_total{endpoint="executions.payout",answer="2xx"}';
    const polled = 'job_runs_total{job="status-poll",outcome="SUCCEEDED"}';
    expect((await fetch(`${service.baseUrl}/metrics`)).status).toBe(401);
    const before = await scrape();

    const { batchId } = await upload(
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'Q1,Fatu Dolo,0886 303 456,15.00,USD,2026-11',
      ].join('\n'),
    );
    await call('POST', `/batches/${batchId}/preflight`);
    await call('POST', `/batches/${batchId}/approve`, undefined, checker);
    await call('POST', `/batches/${batchId}/run`);
    await batchOnce(batchId, (b) => b.status === 'COMPLETED');
    expect((await call('POST', '/jobs/status-poll/run')).status).toBe(200);
    const after = await scrape();

    expect(value(after, paid)).toBe(value(before, paid) + 1);
    expect(value(after, sent)).toBeGreaterThan(value(before, sent));
    expect(value(after, polled)).toBe(value(before, polled) + 1);
    for (const series of [
      'dollr_request_duration_seconds_count{endpoint="executions.payout"}',
      'payments_stuck',
      'payment_claims_in_flight',
      'import_rows{status="valid"}',
      'process_resident_memory_bytes',
    ]) {
      expect(after).toMatch(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} \\d`, 'm'));
    }
    // Bounded labels: no id of a batch, payment or import is ever a label value.
    expect(after).not.toMatch(/(batch|payment|import)_id=/);
  });

  it('documents the batch endpoints and what each answers', async () => {
    interface Operation {
      responses: Record<string, { content?: Record<string, { schema: Schema }> }>;
    }
    interface Schema {
      $ref?: string;
      type?: string;
      items?: Schema;
      properties?: Record<string, unknown>;
    }
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const answers = (path: string, method: string): Schema => {
      const operation = spec.paths[path]?.[method];
      expect(operation).toBeDefined();
      const schema = operation?.responses['200']?.content?.['application/json']?.schema;
      expect(schema).toBeDefined();
      const ref = (schema?.type === 'array' ? schema.items : schema)?.$ref ?? '';
      return spec.components.schemas[ref.replace('#/components/schemas/', '')] ?? {};
    };
    const fields = (schema: Schema) => Object.keys(schema.properties ?? {});

    for (const path of ['/batches', '/batches/{id}/run', '/batches/{id}/retry-failed']) {
      const method = path === '/batches' ? 'get' : 'post';
      expect(fields(answers(path, method))).toEqual(
        expect.arrayContaining(['batchId', 'status', 'counts', 'totals']),
      );
    }
    for (const [path, method] of [
      ['/batches/{id}', 'get'],
      ['/batches/{id}/preflight', 'post'],
      ['/batches/{id}/approve', 'post'],
    ]) {
      expect(fields(answers(path, method))).toEqual(
        expect.arrayContaining(['batchId', 'approvals', 'preflight', 'stuck']),
      );
    }
    for (const path of ['/batches/{id}/pause', '/batches/{id}/resume', '/batches/{id}/cancel']) {
      expect(fields(answers(path, 'post'))).toContain('counts');
    }
    expect(fields(answers('/batches/{id}/payments', 'get'))).toEqual(
      expect.arrayContaining(['row', 'amount', 'status', 'referenceId']),
    );
    expect(fields(answers('/batches/{id}/invoices', 'get'))).toContain('paymentLink');
  });
});
