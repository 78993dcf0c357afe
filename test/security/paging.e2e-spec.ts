import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { lastJsonLine, runCli, startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SAMPLES = join(__dirname, '../../samples');
const BIG = 100_000;
const QUIET = { STATUS_POLL_CRON: 'off', INVOICE_SYNC_CRON: 'off', NIGHTLY_SYNC_CRON: 'off' };

interface Answer {
  status: number;
  body: unknown;
  next: string | null;
  ms: number;
  bytes: number;
}

/** The URL in a `Link: <…>; rel="next"` header. */
function nextOf(link: string | null): string | null {
  return /^<([^>]+)>; rel="next"$/.exec(link ?? '')?.[1] ?? null;
}

function rssOf(pid: number): number {
  const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kib) * 1024;
}

const MiB = 1024 * 1024;

/** Every list the API and the CLI have answers a page at a time and says how to get the next. */
describe('every list is paged', () => {
  let db: TestDatabase;
  let service: RunningService;
  let admin: TestApiKey;
  let dataSource: DataSource;
  let payrollBatch: number;
  let payrollImport: number;
  let invoiceBatch: number;
  const env = (): Record<string, string> => ({ DATABASE_URL: db.url, ...QUIET });

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await createApiKey(env(), 'ops.admin', 'admin');
    await createApiKey(env(), 'payroll.officer', 'maker');
    await createApiKey(env(), 'finance.lead', 'checker');
    const payroll = await runCli(
      ['import', join(SAMPLES, 'payroll-liberia.csv'), '--type', 'payables', '--json'],
      env(),
    );
    const invoices = await runCli(
      ['import', join(SAMPLES, 'invoices.csv'), '--type', 'receivables', '--json'],
      env(),
    );
    for (const run of [payroll, invoices]) {
      if (run.code !== 0) throw new Error(`import failed:\n${run.stdout}\n${run.stderr}`);
    }
    payrollImport = lastJsonLine(payroll.stdout).importId as number;
    payrollBatch = lastJsonLine(payroll.stdout).batchId as number;
    invoiceBatch = lastJsonLine(invoices.stdout).batchId as number;
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
    service = await startService(env());
  });

  afterAll(async () => {
    await service?.stop();
    await dataSource?.destroy();
    await db?.drop();
  });

  async function get(path: string): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${service.baseUrl}${path}`, { headers: bearer(admin) });
    const text = await response.text();
    return {
      status: response.status,
      body: JSON.parse(text) as unknown,
      next: nextOf(response.headers.get('link')),
      ms: performance.now() - started,
      bytes: Buffer.byteLength(text),
    };
  }

  const itemsOf = (body: unknown): { id?: number; name?: string }[] =>
    (Array.isArray(body) ? body : (body as { items: unknown[] }).items) as never;
  const keyOf = (item: Record<string, unknown>): unknown =>
    item.id ?? item.batchId ?? item.importId ?? item.row ?? item.invoiceNumber ?? item.name;

  const lists = (): string[] => [
    '/batches',
    '/imports',
    `/imports/${payrollImport}/rows`,
    `/batches/${payrollBatch}/payments`,
    `/batches/${invoiceBatch}/invoices`,
    '/keys',
    '/audit',
    '/jobs',
    '/profiles',
  ];

  it('walks each list one item a page by its Link header: every item once, in order', async () => {
    // Two job runs, so the job list has pages too.
    for (const job of ['status-poll', 'invoice-sync']) {
      const run = await fetch(`${service.baseUrl}/jobs/${job}/run`, {
        method: 'POST',
        headers: bearer(admin),
      });
      expect(run.status).toBe(200);
    }
    for (const path of lists()) {
      const whole = await get(`${path}?limit=1000`);
      expect({ path, status: whole.status }).toEqual({ path, status: 200 });
      const all = itemsOf(whole.body).map((item) => keyOf(item as never));
      expect({ path, enough: all.length >= 2 }).toEqual({ path, enough: true });

      const walked: unknown[] = [];
      let next: string | null = `${path}?limit=1`;
      while (next !== null) {
        const page: Answer = await get(next);
        expect({ next, status: page.status }).toEqual({ next, status: 200 });
        const items = itemsOf(page.body);
        expect(items.length).toBeLessThanOrEqual(1);
        walked.push(...items.map((item) => keyOf(item as never)));
        // Lists answered as an object carry the next page's URL in the body too.
        const inBody = Array.isArray(page.body) ? page.next : (page.body as { next: unknown }).next;
        expect(inBody).toBe(page.next);
        next = page.next;
        expect(walked.length).toBeLessThanOrEqual(all.length);
      }
      expect({ path, walked }).toEqual({ path, walked: all });
    }
  });

  it('answers 100 items unless asked, at most 1,000, and refuses a bad page', async () => {
    const first = await get(`/batches/${payrollBatch}/payments`);
    expect(itemsOf(first.body).length).toBeLessThanOrEqual(100);
    for (const bad of [
      '/batches?limit=0',
      '/batches?limit=1001',
      '/imports?limit=ten',
      '/audit?after=0',
      '/keys?after=1&offset=2',
      '/profiles?after=1',
    ]) {
      const answer = await get(bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 400 });
    }
  });

  it('pages the CLI lists with --limit and --after, and names the command for the next page', async () => {
    const firstPage = await runCli(['batch', 'list', '--limit', '1'], env());
    expect(firstPage.code).toBe(0);
    const more = /More: npm run cli -- batch list --after (\d+) --limit 1/.exec(firstPage.stdout);
    expect(more).not.toBeNull();
    const second = await runCli(
      ['batch', 'list', '--limit', '1', '--after', more?.[1] ?? '', '--json'],
      env(),
    );
    const json = lastJsonLine(second.stdout) as { batches: { batchId: number }[]; next: unknown };
    expect(json.batches.map((b) => b.batchId)).toEqual([Math.min(payrollBatch, invoiceBatch)]);
    expect(json.next).toBeNull();

    const payments = await runCli(
      ['batch', 'payments', String(payrollBatch), '--limit', '2', '--json'],
      env(),
    );
    const page = lastJsonLine(payments.stdout) as {
      payments: { row: number }[];
      next: { after: number };
    };
    expect(page.payments).toHaveLength(2);
    expect(page.next).toEqual({ after: expect.any(Number) as number });

    for (const command of [
      'keys list',
      'audit',
      'imports list',
      `imports rows ${payrollImport}`,
      'jobs list',
    ]) {
      const result = await runCli([...command.split(' '), '--limit', '1'], env());
      expect({ command, code: result.code }).toEqual({ command, code: 0 });
      expect(result.stdout).toMatch(
        new RegExp(`More: npm run cli -- ${command} --after \\d+ --limit 1`),
      );
    }
    const everyRow = await runCli(
      ['imports', 'rows', String(payrollImport), '--all', '--json'],
      env(),
    );
    expect((JSON.parse(everyRow.stdout) as unknown[]).length).toBeGreaterThan(1);
    const bad = await runCli(['batch', 'list', '--limit', '5000'], env());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--limit must be a whole number from 1 to 1000');
  });

  it(`pages a batch of ${BIG.toLocaleString('en')} payments: each page well under a second, the memory flat`, async () => {
    await grow(payrollBatch, payrollImport);
    const pid = service.child.pid as number;
    const pageTimes: number[] = [];
    const rss: number[] = [];
    let health = 0;
    const healthStatuses = new Set<number>();
    let seen = 0;
    let largest = 0;
    let next: string | null = `/batches/${payrollBatch}/payments?limit=1000`;
    while (next !== null) {
      const page: Answer = await get(next);
      expect(page.status).toBe(200);
      seen += itemsOf(page.body).length;
      pageTimes.push(page.ms);
      largest = Math.max(largest, page.bytes);
      rss.push(rssOf(pid));
      if (pageTimes.length % 10 === 0) {
        const started = performance.now();
        healthStatuses.add((await fetch(`${service.baseUrl}/health`)).status);
        health = Math.max(health, performance.now() - started);
      }
      next = page.next;
    }
    const deepest = await get(`/batches/${payrollBatch}/payments?limit=1000&offset=${BIG - 1000}`);
    expect(deepest.status).toBe(200);
    const worst = Math.max(...pageTimes, deepest.ms);
    const early = rss[9] ?? 0;
    const last = rss.at(-1) ?? 0;
    process.stdout.write(
      `paging ${seen} payments in ${pageTimes.length} pages of 1,000: slowest ${worst.toFixed(0)} ms, ` +
        `median ${[...pageTimes].sort((a, b) => a - b)[pageTimes.length >> 1]?.toFixed(0)} ms, ` +
        `offset ${BIG - 1000}: ${deepest.ms.toFixed(0)} ms, largest page ${(largest / MiB).toFixed(2)} MiB, ` +
        `/health at most ${health.toFixed(0)} ms; RSS after 10 pages ${(early / MiB).toFixed(0)} MiB, ` +
        `at the end ${(last / MiB).toFixed(0)} MiB, peak ${(Math.max(...rss) / MiB).toFixed(0)} MiB\n`,
    );
    expect(seen).toBeGreaterThanOrEqual(BIG);
    expect(worst).toBeLessThan(1000);
    expect([...healthStatuses]).toEqual([200]);
    expect(health).toBeLessThan(1000);
    expect(largest).toBeLessThan(2 * MiB);
    // Loading the batch whole would add hundreds of MiB; a page at a time adds nothing that stays.
    expect(Math.max(...rss) - early).toBeLessThan(64 * MiB);
  }, 300_000);

  /**
   * Makes the batch 100,000 payments larger by copying one of its payments (and its import row)
   * in the database: an import of that size would take minutes and prove nothing more here.
   */
  async function grow(batchId: number, importId: number): Promise<void> {
    const digit = Array.from({ length: 10 }, (_, d) => `SELECT ${d} AS d`).join(' UNION ALL ');
    const numbers = `(SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
      FROM (${digit}) a, (${digit}) b, (${digit}) c, (${digit}) e, (${digit}) f)`;
    const [payment] = await dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM payments WHERE batch_id = ? ORDER BY id LIMIT 1',
      [batchId],
    );
    const [row] = await dataSource.query<Record<string, unknown>[]>(
      'SELECT * FROM import_rows WHERE id = ?',
      [payment?.import_row_id],
    );
    const q = (name: string): string => dataSource.driver.escape(name);
    const copy = (
      table: string,
      columns: string[],
      computed: Record<string, string>,
      from: string,
      params: unknown[],
    ): Promise<unknown> => {
      const names = columns.filter((c) => c !== 'id');
      return dataSource.query(
        `INSERT INTO ${table} (${names.map(q).join(', ')}) SELECT ${names.map((c) => computed[c] ?? `t.${q(c)}`).join(', ')} ${from}`,
        params,
      );
    };
    await copy(
      'import_rows',
      Object.keys(row ?? {}),
      {
        row_number: '100000 + x.n',
        dedupe_key: "CONCAT('paging-test-', x.n)",
      },
      `FROM import_rows t CROSS JOIN ${numbers} x WHERE t.id = ?`,
      [row?.id],
    );
    await copy(
      'payments',
      Object.keys(payment ?? {}),
      {
        import_row_id: 'r.id',
        row_number: `r.${q('row_number')}`,
        dedupe_key: `CONCAT('paging-test-', r.${q('row_number')})`,
        external_ref: `CONCAT('E', r.${q('row_number')})`,
      },
      `FROM payments t JOIN import_rows r ON r.import_id = ? AND r.${q('row_number')} >= 100000 WHERE t.id = ?`,
      [importId, payment?.id],
    );
    const [counted] = await dataSource.query<{ count: number | string }[]>(
      'SELECT COUNT(*) AS count FROM payments WHERE batch_id = ?',
      [batchId],
    );
    expect(Number(counted?.count)).toBeGreaterThan(BIG);
  }
});
