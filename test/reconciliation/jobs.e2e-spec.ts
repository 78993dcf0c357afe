import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import {
  lastJsonLine,
  type RunningService,
  runCli,
  scratchDir,
  startService,
} from '../support/processes';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

interface RunJson {
  id: number;
  job: string;
  slot: string;
  status: string;
  host: string;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number | string> | null;
  error: string | null;
  manual: boolean;
}

describe('scheduled jobs: runs, slots and replicas', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const quiet = {
    STATUS_POLL_CRON: 'off',
    INVOICE_SYNC_CRON: 'off',
    NIGHTLY_SYNC_CRON: 'off',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const migrated = await runCli(['db:migrate', '--json'], { DATABASE_URL: db.url });
    if (migrated.code !== 0) throw new Error(`db:migrate failed:\n${migrated.stderr}`);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { DATABASE_URL: db.url, ...env });

  it('runs a job by hand, lists the runs, and names the jobs when the name is unknown', async () => {
    const run = await cli(['jobs', 'run', 'invoice-sync', '--json']);
    expect(run.code).toBe(0);
    const synced = lastJsonLine(run.stdout) as unknown as RunJson;
    expect(synced).toMatchObject({
      job: 'invoice-sync',
      status: 'SUCCEEDED',
      error: null,
      counts: { checked: 0, changed: 0, paid: 0, errors: 0 },
      manual: true,
    });
    expect(synced.slot).toMatch(/^manual:/);
    expect(synced.host).toMatch(/^.+:\d+$/);

    const poll = lastJsonLine(
      (await cli(['jobs', 'run', 'status-poll', '--json'])).stdout,
    ) as unknown as RunJson;
    expect(poll).toMatchObject({ job: 'status-poll', status: 'SUCCEEDED', error: null });
    expect(poll.counts).toMatchObject({ checked: 0, stuck: 0 });
    expect(Date.parse(poll.finishedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(poll.startedAt));

    const list = await cli(['jobs', 'list', '--json', '--limit', '1']);
    expect(list.code).toBe(0);
    expect(lastJsonLine(list.stdout)).toEqual({ items: [poll], next: { after: poll.id } });

    const unknown = await cli(['jobs', 'run', 'payroll', '--json']);
    expect(unknown.code).toBe(1);
    expect(lastJsonLine(unknown.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'JOB_NOT_FOUND',
        message:
          'There is no job "payroll". The jobs are: status-poll, invoice-sync, nightly-sync, webhook-dispatch, batch-expiry.',
      },
    });

    const badLimit = await cli(['jobs', 'list', '--limit', 'many', '--json']);
    expect(badLimit.code).not.toBe(0);
    expect(badLimit.stderr).toContain('--limit must be a whole number from 1 to 1000');
  });

  it('marks a run left RUNNING by a process that is gone as ABANDONED', async () => {
    const deadHost = `${hostname()}:2147483646`;
    await dataSource.query(
      `INSERT INTO job_runs (job, slot, manual, status, host, started_at) VALUES (?, ?, ?, ?, ?, ?)`,
      [
        'nightly-sync',
        '2026-01-01T02:00:00Z',
        0,
        'RUNNING',
        deadHost,
        dbTime(dataSource, new Date()),
      ],
    );
    expect((await cli(['jobs', 'run', 'invoice-sync'])).code).toBe(0);
    const { items } = lastJsonLine((await cli(['jobs', 'list', '--json'])).stdout) as {
      items: RunJson[];
    };
    expect(items.find((r) => r.host === deadHost)).toMatchObject({
      status: 'ABANDONED',
      error: `its process ${deadHost} is gone`,
    });
  });

  it('refuses a bad schedule at start-up, naming the variable', async () => {
    const result = await cli(['jobs', 'list'], { NIGHTLY_SYNC_CRON: 'at two' });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('- NIGHTLY_SYNC_CRON must be a cron expression');
  });

  describe('two service processes on one database', () => {
    let services: RunningService[] = [];
    let operator: TestApiKey;
    const brokenInbox = join(scratchDir(), 'not-a-folder');

    beforeAll(async () => {
      writeFileSync(brokenInbox, 'a file where the inbox folder should be');
      const env = {
        DATABASE_URL: db.url,
        ...quiet,
        // Every second, so the test sees several slots quickly.
        STATUS_POLL_CRON: '* * * * * *',
        NIGHTLY_SYNC_CRON: '*/2 * * * * *',
        INBOX_DIR: brokenInbox,
        LOG_LEVEL: 'info',
      };
      operator = await createApiKey({ DATABASE_URL: db.url }, 'operator', 'maker');
      services = await Promise.all([startService(env, 60_000), startService(env, 60_000)]);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(services.map((s) => s.stop()));
    });

    it('runs each slot exactly once, in one of them', async () => {
      const slots = await until('five status-poll slots', async () => {
        const rows = await dataSource.query<{ slot: string }[]>(
          `SELECT slot FROM job_runs WHERE job = 'status-poll' AND manual = 0 AND status <> 'RUNNING'`,
        );
        return rows.length >= 5 ? rows.map((r) => r.slot) : undefined;
      });
      expect(new Set(slots).size).toBe(slots.length);
      for (const slot of slots) expect(slot).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      // Both processes fire every slot; for each, exactly one of them ran the job. A run's row can
      // be read before its log lines have come through the pipe, so wait for every slot's end line.
      const logs = await until(
        'the log lines of those slots',
        () => {
          const outputs = services.map((s) => s.output());
          const all = outputs.join('\n');
          const ended = (slot: string) =>
            ['succeeded', 'failed', 'skipped'].some((end) =>
              all.includes(`status-poll ${slot}: ${end}`),
            );
          return Promise.resolve(slots.every(ended) ? outputs : undefined);
        },
        10_000,
      );
      for (const slot of slots) {
        const started = logs.map((log) => count(log, `status-poll ${slot}: started`));
        expect(started[0] + started[1]).toBe(1);
      }
      const lost = logs.map((log) => count(log, ': taken by another process'));
      expect(lost[0] + lost[1]).toBeGreaterThan(0);
      const rows = await dataSource.query<{ host: string; status: string }[]>(
        `SELECT host, status FROM job_runs WHERE job = 'status-poll' AND manual = 0`,
      );
      const pids = new Set(services.map((s) => `${hostname()}:${s.child.pid}`));
      for (const row of rows) {
        expect(pids.has(row.host)).toBe(true);
        expect(['SUCCEEDED', 'RUNNING']).toContain(row.status);
      }
    }, 90_000);

    it('records a failing job with its error, and the service carries on', async () => {
      const failed = await until('a failed nightly-sync run', async () => {
        const response = await fetch(`${services[0]?.baseUrl}/jobs?limit=200`, {
          headers: bearer(operator),
        });
        const body = (await response.json()) as { items: RunJson[] };
        return body.items.find((r) => r.job === 'nightly-sync' && r.status === 'FAILED');
      });
      expect(failed.error).toMatch(/ENOTDIR|EEXIST|not a directory|file already exists/i);
      expect(failed.manual).toBe(false);

      for (const service of services) {
        expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
        expect(service.child.exitCode).toBeNull();
      }
      // Later slots still run.
      const after = Date.parse(failed.finishedAt ?? '');
      await until('a later status-poll run', async () => {
        const response = await fetch(`${services[1]?.baseUrl}/jobs?limit=50`, {
          headers: bearer(operator),
        });
        const body = (await response.json()) as { items: RunJson[] };
        return body.items.find(
          (r) => r.job === 'status-poll' && Date.parse(r.startedAt) > after + 1_000,
        );
      });
    }, 90_000);

    it('serves GET /jobs and POST /jobs/{name}/run', async () => {
      const base = services[0]?.baseUrl ?? '';
      const ran = await fetch(`${base}/jobs/webhook-dispatch/run`, {
        method: 'POST',
        headers: bearer(operator),
      });
      expect(ran.status).toBe(200);
      const run = (await ran.json()) as RunJson;
      expect(run).toMatchObject({
        job: 'webhook-dispatch',
        status: 'SKIPPED',
        error: 'WEBHOOK_URL is not set',
        manual: true,
      });

      const list = await fetch(`${base}/jobs?limit=3`, { headers: bearer(operator) });
      expect(list.status).toBe(200);
      const body = (await list.json()) as { items: RunJson[] };
      expect(body.items).toHaveLength(3);
      for (const item of body.items) {
        expect(Object.keys(item).sort()).toEqual(
          [
            'counts',
            'error',
            'finishedAt',
            'host',
            'id',
            'job',
            'manual',
            'slot',
            'startedAt',
            'status',
          ].sort(),
        );
      }

      const unknown = await fetch(`${base}/jobs/everything/run`, {
        method: 'POST',
        headers: bearer(operator),
      });
      expect(unknown.status).toBe(404);
      const refused = (await unknown.json()) as {
        error: { code: string; details: { jobs: string[] } };
      };
      expect(refused.error.code).toBe('JOB_NOT_FOUND');
      expect(refused.error.details.jobs).toEqual([
        'status-poll',
        'invoice-sync',
        'nightly-sync',
        'webhook-dispatch',
        'batch-expiry',
      ]);

      const badLimit = await fetch(`${base}/jobs?limit=0`, { headers: bearer(operator) });
      expect(badLimit.status).toBe(400);

      const docs = (await (await fetch(`${base}/docs-json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(docs.paths)).toEqual(
        expect.arrayContaining(['/jobs', '/jobs/{name}/run']),
      );
    });
  });
});

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

function dbTime(dataSource: DataSource, value: Date): unknown {
  const column = dataSource.getMetadata('JobRunEntity').findColumnWithPropertyName('startedAt');
  if (column === undefined) throw new Error('no started_at column');
  return dataSource.driver.preparePersistentValue(value, column);
}
