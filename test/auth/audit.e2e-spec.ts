import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import {
  lastJsonLine,
  runCli,
  scratchDir,
  startService,
  type RunningService,
} from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import type { BatchJson } from '../batches/payout-support';
import { until } from '../support/until';

interface AuditItem {
  id: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  subjectType: string;
  subjectId: number | null;
  details: Record<string, unknown>;
}

const HEADER = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';

/** Maker-checker through the API, and an audit entry for every action, over HTTP and the CLI. */
describe('maker-checker from the key identity, and the audit log', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let service: RunningService;
  let env: Record<string, string>;
  let maker: TestApiKey;
  let checker: TestApiKey;
  let viewer: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    env = {
      DATABASE_URL: db.url,
      DOLLR_BASE_URL: sandbox.url,
      DOLLR_CLIENT_ID: sandbox.clientId,
      DOLLR_CLIENT_SECRET: sandbox.clientSecret,
      DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
      DOLLR_PAYOUT_PHONE: '231770000001',
    };
    service = await startService(env);
    maker = await createApiKey(env, 'alice', 'maker');
    checker = await createApiKey(env, 'bob', 'checker');
    viewer = await createApiKey(env, 'vera', 'viewer');
  });

  afterAll(async () => {
    await service?.stop();
    await sandbox?.close();
    await db?.drop();
  });

  async function call<T>(
    as: TestApiKey,
    method: string,
    path: string,
    body?: unknown,
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
    as: TestApiKey,
    rows: string[],
  ): Promise<{
    status: number;
    body: { importId: number; batchId: number; error?: { code: string } };
  }> {
    const form = new FormData();
    form.append('file', new Blob([[HEADER, ...rows].join('\n')]), 'payroll.csv');
    form.append('type', 'payables');
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(as),
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  /** The batch once `done` holds for it. */
  function batchOnce(batchId: number, done: (b: BatchJson) => boolean): Promise<BatchJson> {
    return until(
      `batch ${batchId} to reach the expected state`,
      async () => {
        const { body } = await call<BatchJson>(viewer, 'GET', `/batches/${batchId}`);
        return done(body) ? body : undefined;
      },
      90_000,
    );
  }

  async function audit(query: string): Promise<AuditItem[]> {
    const answer = await call<{ items: AuditItem[] }>(viewer, 'GET', `/audit?${query}`);
    expect(answer.status).toBe(200);
    return answer.body.items;
  }

  it('a checker cannot upload, and nothing is stored', async () => {
    const refused = await upload(checker, ['C1,Ann Doe,0886 401 456,10.00,USD,2026-05']);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('FORBIDDEN');
    expect((await call<unknown[]>(viewer, 'GET', '/imports')).body).toEqual([]);
    expect(await audit('action=import.created')).toEqual([]);
  });

  it('the maker uploads, runs and retries; only a checker approves; each step is audited', async () => {
    const created = await upload(maker, [
      'A1,Amara Kamara,0886 401 234,40.00,USD,2026-06',
      'A2,Jerome Kollie,0886 401 901,60.00,USD,2026-06',
    ]);
    expect(created.status).toBe(201);
    const { importId, batchId } = created.body;
    const imported = await call<{ createdBy: string }>(viewer, 'GET', `/imports/${importId}`);
    expect(imported.body.createdBy).toBe('alice');

    expect((await call(maker, 'POST', `/batches/${batchId}/preflight`)).status).toBe(200);
    const makerApproves = await call<{ error: { code: string } }>(
      maker,
      'POST',
      `/batches/${batchId}/approve`,
    );
    expect(makerApproves).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } });
    const checkerRuns = await call<{ error: { code: string } }>(
      checker,
      'POST',
      `/batches/${batchId}/run`,
    );
    expect(checkerRuns.status).toBe(403);
    const approved = await call<BatchJson>(checker, 'POST', `/batches/${batchId}/approve`);
    expect(approved.body.status).toBe('APPROVED');
    expect((await call(maker, 'POST', `/batches/${batchId}/run`)).status).toBe(200);
    const finished = await batchOnce(batchId, (b) => b.status === 'COMPLETED_WITH_FAILURES');
    expect(finished.status).toBe('COMPLETED_WITH_FAILURES');
    expect((await call(maker, 'POST', `/batches/${batchId}/retry-failed`)).status).toBe(200);

    const entries = await audit(`batchId=${batchId}`);
    expect(entries.map((e) => [e.action, e.actor, e.role])).toEqual([
      ['batch.retry_failed', 'alice', 'maker'],
      ['batch.run', 'alice', 'maker'],
      ['batch.approved', 'bob', 'checker'],
      ['batch.preflight', 'alice', 'maker'],
      ['batch.created', 'alice', 'maker'],
      ['import.created', 'alice', 'maker'],
    ]);
    const ids = entries.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const byAction = Object.fromEntries(entries.map((e) => [e.action, e]));
    expect(byAction['import.created']).toMatchObject({
      subjectType: 'import',
      subjectId: importId,
      details: {
        fileName: 'payroll.csv',
        rows: 2,
        valid: 2,
        totals: [{ currency: 'USD', amount: '100.00' }],
      },
    });
    expect(byAction['batch.created']).toMatchObject({
      subjectType: 'batch',
      subjectId: batchId,
      details: {
        kind: 'PAYOUT',
        payments: 2,
        totals: [expect.objectContaining({ currency: 'USD', count: 2, requested: '100.00' })],
      },
    });
    expect(byAction['batch.approved']).toMatchObject({
      subjectType: 'batch',
      subjectId: batchId,
      details: {
        from: 'AWAITING_APPROVAL',
        status: 'APPROVED',
        totals: [expect.objectContaining({ currency: 'USD', count: 2, requested: '100.00' })],
      },
    });
    expect(byAction['batch.run'].details).toMatchObject({ from: 'APPROVED' });
    expect(byAction['batch.retry_failed'].details).toMatchObject({
      from: 'COMPLETED_WITH_FAILURES',
      payments: 1,
      totals: [{ currency: 'USD', count: 1, requested: '60.00' }],
    });
    expect(Date.parse(byAction['batch.run'].at)).toBeGreaterThan(Date.now() - 5 * 60_000);

    expect((await audit(`importId=${importId}`)).map((e) => e.action)).toContain('import.created');
    const latestApproval = await audit('action=batch.approved&limit=1');
    expect(latestApproval).toHaveLength(1);
    const bad = await call<{ error: { code: string } }>(viewer, 'GET', '/audit?limit=0');
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
  });

  it('pause, resume and cancel over HTTP are audited with the reason', async () => {
    const { body } = await upload(maker, ['B1,Fatu Sirleaf,0886 402 909,25.00,USD,2026-07']);
    const batchId = body.batchId;
    await call(maker, 'POST', `/batches/${batchId}/preflight`);
    await call(checker, 'POST', `/batches/${batchId}/approve`);
    await call(maker, 'POST', `/batches/${batchId}/run`);
    expect(
      (
        await call<BatchJson>(maker, 'POST', `/batches/${batchId}/pause`, {
          reason: 'check the phone',
        })
      ).body.status,
    ).toBe('PAUSED');
    expect((await call<BatchJson>(maker, 'POST', `/batches/${batchId}/resume`)).body.status).toBe(
      'RUNNING',
    );
    expect(
      (
        await call<BatchJson>(maker, 'POST', `/batches/${batchId}/cancel`, {
          reason: 'wrong month',
        })
      ).body.status,
    ).toBe('CANCELED');
    const entries = await audit(`batchId=${batchId}`);
    expect(entries.map((e) => e.action)).toEqual([
      'batch.canceled',
      'batch.resumed',
      'batch.paused',
      'batch.run',
      'batch.approved',
      'batch.preflight',
      'batch.created',
      'import.created',
    ]);
    expect(entries[0].details).toMatchObject({ reason: 'wrong month', from: 'RUNNING' });
    expect(entries[2].details).toMatchObject({ reason: 'check the phone', from: 'RUNNING' });
  });

  it('the CLI records who acted (--as, else cli:<system user>) in the same log', async () => {
    const dir = scratchDir();
    const file = join(dir, 'cli-payroll.csv');
    writeFileSync(file, [HEADER, 'D1,Musu Doe,0886 403 456,12.50,USD,2026-08'].join('\n'));
    const imported = await runCli(
      ['import', file, '--type', 'payables', '--as', 'carol', '--json'],
      env,
    );
    expect(imported.code).toBe(0);
    const { batchId, importId } = lastJsonLine(imported.stdout) as {
      batchId: number;
      importId: number;
    };
    expect((await runCli(['batch', 'preflight', String(batchId), '--as', 'carol'], env)).code).toBe(
      0,
    );
    const own = await runCli(['batch', 'approve', String(batchId), '--as', 'carol', '--json'], env);
    expect(lastJsonLine(own.stdout)).toMatchObject({ ok: false, error: { code: 'MAKER_CHECKER' } });
    expect((await runCli(['batch', 'approve', String(batchId), '--as', 'dave'], env)).code).toBe(0);
    expect((await runCli(['batch', 'cancel', String(batchId)], env)).code).toBe(0);

    const listed = await runCli(['audit', '--batch', String(batchId), '--json'], env);
    expect(listed.code).toBe(0);
    const items = (lastJsonLine(listed.stdout) as { items: AuditItem[] }).items;
    expect(items.map((e) => [e.action, e.actor, e.role])).toEqual([
      ['batch.canceled', `cli:${userInfo().username}`, 'cli'],
      ['batch.approved', 'dave', 'cli'],
      ['batch.preflight', 'carol', 'cli'],
      ['batch.created', 'carol', 'cli'],
      ['import.created', 'carol', 'cli'],
    ]);
    expect(items[4]).toMatchObject({ subjectType: 'import', subjectId: importId });

    // The same entries over HTTP, and the key creations (by the CLI) in the log too.
    expect((await audit(`batchId=${batchId}`)).map((e) => e.id)).toEqual(items.map((e) => e.id));
    const keys = await runCli(['audit', '--json', '--action', 'key.created', '--limit', '2'], env);
    const keyItems = (lastJsonLine(keys.stdout) as { items: AuditItem[] }).items;
    expect(keyItems).toHaveLength(2);
    expect(keyItems.map((e) => e.details.name)).toEqual(['vera', 'bob']);
    expect(keyItems[0]).toMatchObject({ actor: `cli:${userInfo().username}`, subjectType: 'key' });
    expect(JSON.stringify(keyItems)).not.toContain(viewer.key);

    const text = await runCli(['audit', '--limit', '1'], env);
    expect(text.stdout).toMatch(/batch\.canceled/);
  });

  it('records who ran a job by hand, over HTTP and the CLI', async () => {
    const run = await call<{ id: number; job: string }>(maker, 'POST', '/jobs/status-poll/run');
    expect(run.status).toBe(200);
    const [entry] = await audit('action=job.run&limit=1');
    expect(entry).toMatchObject({
      actor: 'alice',
      role: 'maker',
      subjectType: 'job',
      subjectId: run.body.id,
      details: { job: 'status-poll' },
    });

    const cli = await runCli(['jobs', 'run', 'invoice-sync', '--as', 'carol', '--json'], env);
    expect(cli.code).toBe(0);
    const cliRun = lastJsonLine(cli.stdout) as { id: number };
    const [cliEntry] = await audit('action=job.run&limit=1');
    expect(cliEntry).toMatchObject({
      actor: 'carol',
      role: 'cli',
      subjectId: cliRun.id,
      details: { job: 'invoice-sync' },
    });
  });

  it('records keys made and revoked over HTTP by the admin who did it, never the key', async () => {
    const admin = await createApiKey(env, 'ada', 'admin');
    const made = await call<{ id: number; key: string }>(admin, 'POST', '/keys', {
      name: 'temp',
      role: 'viewer',
    });
    expect(made.status).toBe(201);
    expect((await call(admin, 'POST', `/keys/${made.body.id}/revoke`)).status).toBe(200);
    const entries = (await audit('limit=2')).map((e) => [e.action, e.actor, e.role, e.subjectId]);
    expect(entries).toEqual([
      ['key.revoked', 'ada', 'admin', made.body.id],
      ['key.created', 'ada', 'admin', made.body.id],
    ]);
    expect(JSON.stringify(await audit('limit=5'))).not.toContain(made.body.key);
  });
});
