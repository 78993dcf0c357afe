import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { type BatchJson, ledger, PayoutCli } from '../batches/payout-support';
import { CLI, childEnv } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { dollrInvoices, type InvoiceLine, invoicesCsv, invoicesFor } from './invoice-support';
import { until } from '../support/until';

const INVOICES = 120;

/**
 * The connector killed with SIGKILL while it creates and collects invoices, then run again: no
 * ERP invoice becomes two Dollr invoices, and each is collected once (the sandbox's ledger).
 */
describe('invoice batches survive kill -9', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 300 } });
    cli = PayoutCli.for(db.url, sandbox, {
      DOLLR_RATE_LIMIT_RPS: '400',
      DOLLR_MAX_CONCURRENCY: '16',
      DOLLR_TIMEOUT_MS: '1500',
    });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  function startRun(batchId: number) {
    const child = spawn(
      process.execPath,
      [CLI, 'batch', 'run', String(batchId), '--wait', '--json'],
      { env: childEnv(cli.environment()), cwd: cli.dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => resolve(code)),
    );
    return { child, exited, stderr: () => stderr };
  }

  async function created(batchId: number): Promise<number> {
    const [row] = await dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM invoices WHERE batch_id = ? AND dollr_invoice_id IS NOT NULL',
      [batchId],
    );
    return Number(row?.n ?? 0);
  }

  /** Invoices whose create may have been sent and whose Dollr id is not stored. */
  async function creating(batchId: number): Promise<number> {
    const [row] = await dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM invoices WHERE batch_id = ? AND sync_state = 'CREATING'`,
      [batchId],
    );
    return Number(row?.n ?? 0);
  }

  it(`kill -9 twice while ${INVOICES} invoices are created and collected, then resume: one Dollr invoice and one collection each`, async () => {
    const lines: InvoiceLine[] = Array.from({ length: INVOICES }, (_, i) => [
      `K-${String(i).padStart(4, '0')}`,
      `C-K${i}`,
      `Customer K${i}`,
      `0886 6${String(Math.floor(i / 100)).padStart(2, '0')} ${String(100 + (i % 100))}`,
      '',
      'Service',
      '1',
      `${5 + (i % 7)}.25`,
      'USD',
    ]);
    const summary = await cli.json<{ batchId: number; valid: number }>([
      'import',
      invoicesCsv(cli.dir, 'crash.csv', lines),
      '--type',
      'receivables',
      '--as',
      'alice',
    ]);
    expect(summary.valid).toBe(INVOICES);
    const batchId = summary.batchId;
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    const approved = await cli.json<BatchJson>(['batch', 'show', String(batchId)]);
    if (approved.status === 'AWAITING_APPROVAL') {
      await cli.json(['batch', 'approve', String(batchId), '--as', 'carol']);
    }

    // Slow creates widen the window between "Dollr created it" and "the connector stored it"; the
    // process is killed while some invoices are in it (marked CREATING, the create sent).
    sandbox.setFaults('latency=300,only=/v1/invoices/create');
    let killedWhileCreating = 0;
    try {
      for (const target of [INVOICES / 6, INVOICES / 2]) {
        const run = startRun(batchId);
        await until(
          `${target} invoices created and one being created`,
          async () =>
            (await created(batchId)) >= target && (await creating(batchId)) > 0 ? true : undefined,
          90_000,
          20,
        );
        run.child.kill('SIGKILL');
        const code = await run.exited;
        if (code !== null) {
          throw new Error(
            `the run ended by itself (${code}) before it was killed:\n${run.stderr()}`,
          );
        }
        killedWhileCreating += await creating(batchId);
      }
    } finally {
      sandbox.setFaults('latency=0');
    }
    expect(await created(batchId)).toBeLessThan(INVOICES);
    expect(killedWhileCreating).toBeGreaterThan(0);

    const final = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(final).toMatchObject({
      status: 'COMPLETED',
      counts: { PENDING: 0, PROCESSING: 0, COMPLETED: INVOICES, FAILED: 0, CANCELED: 0 },
    });

    const onDollr = await dollrInvoices(sandbox);
    for (const [number] of lines) {
      const found = invoicesFor(onDollr, number).filter((i) => i.status !== 'CANCELED');
      expect([number, found.length]).toEqual([number, 1]);
      expect(found[0].status).toBe('PAID');
    }

    const entries = new Map((await ledger(sandbox)).map((e) => [e.reference_id, e]));
    const attempts = await dataSource.query<
      { payment_id: number | string; reference_id: string; state: string }[]
    >(
      `SELECT a.payment_id, a.reference_id, a.state FROM payment_attempts a
       JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ?`,
      [batchId],
    );
    const moved = new Map<string, number>();
    for (const attempt of attempts) {
      const effects = entries.get(attempt.reference_id)?.effects ?? 0;
      expect(effects).toBe(attempt.state === 'COMPLETED' ? 1 : 0);
      moved.set(String(attempt.payment_id), (moved.get(String(attempt.payment_id)) ?? 0) + effects);
    }
    expect(moved.size).toBe(INVOICES);
    for (const effects of moved.values()) expect(effects).toBe(1);
    for (const entry of entries.values()) expect(entry.effects).toBeLessThanOrEqual(1);
  });
});
