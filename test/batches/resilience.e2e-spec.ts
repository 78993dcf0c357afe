import { spawn, type ChildProcess } from 'node:child_process';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { sqlValue } from '../../src/database/sql-values';
import { PaymentEntity } from '../../src/payments/entities/payment.entity';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { CLI, childEnv } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';
import { type BatchJson, ledger, PayoutCli } from './payout-support';

const PAYOUTS = 1000;
/** A thousand payouts paid through three crashes: minutes of work on a busy two-core machine. */
const HEAVY_TEST_MS = 300_000;

interface AttemptRow {
  payment_id: number | string;
  payment_status: string;
  reference_id: string;
  state: string;
  worker: string;
}

/**
 * The connector killed with SIGKILL in the middle of a batch, and two connector processes paying
 * one batch together: in both, each payment is paid exactly once (proved by the sandbox's ledger).
 */
describe('payout batches survive crashes and share work between processes', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;
  const fast = {
    DOLLR_RATE_LIMIT_RPS: '400',
    DOLLR_MAX_CONCURRENCY: '16',
    DOLLR_TIMEOUT_MS: '1500',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 300 } });
    cli = PayoutCli.for(db.url, sandbox, fast);
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    // A failed test may leave a run going: it must not outlive the suite.
    for (const child of running) child.kill('SIGKILL');
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function approvedBatch(
    name: string,
    period: string,
    count: number,
    phonePrefix: string,
  ): Promise<number> {
    const rows: [string, string, string, string][] = Array.from({ length: count }, (_, i) => [
      `${name}-${i}`,
      `Payee ${name} ${i}`,
      // Last three digits below 900: the sandbox's ordinary "completes quickly" numbers.
      `${phonePrefix}${Math.floor(i / 900)}${String(i % 900).padStart(3, '0')}`,
      '12.50',
    ]);
    const summary = await cli.json<{ batchId: number; valid: number }>([
      'import',
      cli.payroll(`${name}.csv`, period, rows),
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    expect(summary.valid).toBe(count);
    await cli.json(['batch', 'preflight', String(summary.batchId)]);
    await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    const batch = await cli.json<BatchJson>(['batch', 'show', String(summary.batchId)]);
    // Above the two-person threshold a second approver is needed.
    if (batch.status === 'AWAITING_APPROVAL') {
      await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'carol']);
    }
    return summary.batchId;
  }

  const running = new Set<ChildProcess>();

  function startRun(batchId: number) {
    const child = spawn(
      process.execPath,
      [CLI, 'batch', 'run', String(batchId), '--wait', '--json'],
      {
        env: childEnv(cli.environment()),
        cwd: cli.dir,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    running.add(child);
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        running.delete(child);
        resolve(code);
      }),
    );
    return { child, exited, stderr: () => stderr };
  }

  async function completedPayments(batchId: number): Promise<number> {
    const [row] = await dataSource.query<{ n: number | string }[]>(
      `SELECT COUNT(*) AS n FROM payments WHERE batch_id = ? AND status = 'COMPLETED'`,
      [batchId],
    );
    return Number(row?.n ?? 0);
  }

  async function expectPaidExactlyOnce(batchId: number, count: number): Promise<AttemptRow[]> {
    const attempts = await dataSource.query<AttemptRow[]>(
      `SELECT a.payment_id, p.status AS payment_status, a.reference_id, a.state, a.worker
       FROM payment_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ?`,
      [batchId],
    );
    const entries = new Map((await ledger(sandbox)).map((e) => [e.reference_id, e]));
    const statuses = await dataSource.query<{ status: string; n: number | string }[]>(
      'SELECT status, COUNT(*) AS n FROM payments WHERE batch_id = ? GROUP BY status',
      [batchId],
    );
    expect(statuses.map((s) => [s.status, Number(s.n)])).toEqual([['COMPLETED', count]]);
    const moneyMoved = new Map<string, number>();
    for (const attempt of attempts) {
      const effects = entries.get(attempt.reference_id)?.effects ?? 0;
      expect(effects).toBe(attempt.state === 'COMPLETED' ? 1 : 0);
      const key = String(attempt.payment_id);
      moneyMoved.set(key, (moneyMoved.get(key) ?? 0) + effects);
    }
    expect(moneyMoved.size).toBe(count);
    for (const effects of moneyMoved.values()) expect(effects).toBe(1);
    for (const entry of entries.values()) expect(entry.effects).toBeLessThanOrEqual(1);
    return attempts;
  }

  it(
    `kill -9 three times during a ${PAYOUTS}-payout batch, then resume: each paid exactly once`,
    async () => {
      const batchId = await approvedBatch('crash', '2026-07', PAYOUTS, '088620');
      for (let kill = 1; kill <= 3; kill += 1) {
        const run = startRun(batchId);
        const target = (kill * PAYOUTS) / 5;
        await until(
          `${target} payments completed`,
          async () => ((await completedPayments(batchId)) >= target ? true : undefined),
          90_000,
          100,
        );
        run.child.kill('SIGKILL');
        const code = await run.exited;
        if (code !== null)
          throw new Error(
            `the run ended by itself (${code}) before it was killed:\n${run.stderr()}`,
          );
      }
      expect(await completedPayments(batchId)).toBeLessThan(PAYOUTS);

      const final = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
      expect(final).toMatchObject({
        status: 'COMPLETED',
        counts: { PENDING: 0, PROCESSING: 0, COMPLETED: PAYOUTS, FAILED: 0, CANCELED: 0 },
      });
      await expectPaidExactlyOnce(batchId, PAYOUTS);
    },
    HEAVY_TEST_MS,
  );

  it(
    'two connector processes pay one batch together, each payment once, and both do work',
    async () => {
      const count = 200;
      const batchId = await approvedBatch('pair', '2026-08', count, '077630');
      // Dollr answers slowly until both processes hold payments, so that neither can pay the whole
      // batch before the other has started, however long a busy machine takes to start it.
      sandbox.setFaults('latency=500');
      const first = startRun(batchId);
      const second = startRun(batchId);
      try {
        await until('both processes to hold payments of the batch', async () => {
          const owners = await dataSource.query<{ lease_owner: string }[]>(
            `SELECT DISTINCT lease_owner FROM payments
            WHERE batch_id = ? AND lease_owner IS NOT NULL AND lease_expires_at > ?`,
            [batchId, sqlValue(dataSource, PaymentEntity, 'leaseExpiresAt', new Date())],
          );
          const workers = new Set(owners.map((o) => o.lease_owner.split('/')[0]));
          return workers.size === 2 ? true : undefined;
        });
      } finally {
        sandbox.setFaults('latency=0');
      }
      await Promise.all([first.exited, second.exited]);
      for (const run of [first, second]) {
        const code = await run.exited;
        if (code !== 0) throw new Error(`a run failed (${code}):\n${run.stderr()}`);
      }
      const attempts = await expectPaidExactlyOnce(batchId, count);
      const workers = new Set(attempts.map((a) => a.worker));
      expect(workers.size).toBe(2);
      for (const worker of workers) {
        expect(attempts.filter((a) => a.worker === worker).length).toBeGreaterThan(count / 10);
      }
    },
    HEAVY_TEST_MS,
  );
});
