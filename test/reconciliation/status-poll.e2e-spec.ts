import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { sqlValue } from '../../src/database/sql-values';
import { PaymentAttemptEntity } from '../../src/payments/entities/payment-attempt.entity';
import { PaymentEntity } from '../../src/payments/entities/payment.entity';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { type BatchJson, ledger, PayoutCli } from '../batches/payout-support';
import { childEnv, CLI } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';

interface PaymentRow {
  id: number;
  external_ref: string;
  status: string;
  reason: string | null;
  reference_id: string | null;
  provider_transaction_id: string | null;
  fee_minor: number | string | null;
  payee_amount_minor: number | string | null;
  stuck_at: unknown;
  stuck_reason: string | null;
  completed_at: unknown;
  status_changed_at: unknown;
}

interface AttemptRow {
  payment_id: number;
  reference_id: string;
  state: string;
  send_count: number | string;
}

interface RunJson {
  status: string;
  counts: Record<string, number>;
}

/**
 * The status poll against the sandbox: numbers ending in 909 stay PROCESSING until settled
 * through the sandbox, standing in for mobile money that takes its time.
 */
describe('status poll: payments in flight, write-back and STUCK', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;
  let batchId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    cli = PayoutCli.for(db.url, sandbox);
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  const payments = (): Promise<PaymentRow[]> =>
    dataSource.query<PaymentRow[]>(
      `SELECT id, external_ref, status, reason, reference_id, provider_transaction_id, fee_minor,
              payee_amount_minor, stuck_at, stuck_reason, completed_at, status_changed_at
       FROM payments WHERE batch_id = ? ORDER BY external_ref`,
      [batchId],
    );
  const attempts = (): Promise<AttemptRow[]> =>
    dataSource.query<AttemptRow[]>(
      `SELECT a.payment_id, a.reference_id, a.state, a.send_count FROM payment_attempts a
       JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ? ORDER BY p.external_ref`,
      [batchId],
    );
  const poll = async (env: Record<string, string> = {}): Promise<RunJson> =>
    cli.with(env).json<RunJson>(['jobs', 'run', 'status-poll']);

  /** The poll respects each payment's backoff (next_check_at): wait until the batch's are due. */
  const allDue = (): Promise<true> =>
    until('the payments to be due for a status poll', async () => {
      const [row] = await dataSource.query<{ n: number | string }[]>(
        'SELECT COUNT(*) AS n FROM payments WHERE batch_id = ? AND next_check_at > ?',
        [batchId, sqlValue(dataSource, PaymentEntity, 'nextCheckAt', new Date())],
      );
      return Number(row?.n) === 0 ? true : undefined;
    });

  /** Imports a payroll as alice, runs its pre-flight and has bob approve it. */
  async function approvedBatch(file: string): Promise<number> {
    const summary = await cli.json<{ batchId: number }>([
      'import',
      file,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    await cli.json(['batch', 'preflight', String(summary.batchId)]);
    await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    return summary.batchId;
  }

  /** `batch run --wait` for a while, then killed: the batch stays RUNNING with what it sent. */
  async function runBatchFor(check: () => Promise<boolean>, settleMs = 0): Promise<void> {
    const child = spawn(process.execPath, [CLI, 'batch', 'run', String(batchId), '--wait'], {
      env: childEnv(cli.environment()),
      cwd: cli.dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    try {
      await until('the batch run to get there', async () => {
        if (child.exitCode !== null) throw new Error(`batch run ended early:\n${stderr}`);
        return (await check()) ? true : undefined;
      });
      if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // The killed run may have died holding a payment's lease; as after any crash, the lease
    // expires (4 × DOLLR_TIMEOUT_MS + 5 s later): expired here rather than waited for.
    await dataSource.query(
      'UPDATE payments SET lease_owner = NULL, lease_expires_at = NULL WHERE batch_id = ?',
      [batchId],
    );
  }

  it('sends nothing and resolves a PROCESSING payment once Dollr settles it, writing back what it learns', async () => {
    const file = cli.payroll('held.csv', '2026-05', [
      ['H001', 'Amara Kamara', '0886123909', '150.00'],
      ['H002', 'Jerome Kollie', '0770123909', '99.50'],
    ]);
    batchId = await approvedBatch(file);
    await runBatchFor(async () => {
      const rows = await attempts();
      const sent = rows.length === 2 && rows.every((a) => Number(a.send_count) === 1);
      return sent && (await ledger(sandbox)).length === 2;
    });
    expect((await ledger(sandbox)).map((e) => e.requests)).toEqual([1, 1]);

    await allDue();
    const first = await poll();
    expect(first).toMatchObject({ status: 'SUCCEEDED', counts: { resolved: 0, stuck: 0 } });
    expect(first.counts.checked).toBeGreaterThanOrEqual(1);
    expect((await payments()).map((p) => p.status)).toEqual(['PROCESSING', 'PROCESSING']);

    const [held] = await attempts();
    const settled = await fetch(
      `${sandbox.url}/__sandbox/executions/${held?.reference_id}/settle`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"outcome":"COMPLETED"}',
      },
    );
    expect(settled.status).toBe(200);

    const second = await until('the poll to resolve it', async () => {
      const run = await poll();
      return run.counts.resolved === 1 ? run : undefined;
    });
    expect(second.status).toBe('SUCCEEDED');
    const [done, open] = await payments();
    expect(done).toMatchObject({
      external_ref: 'H001',
      status: 'COMPLETED',
      reference_id: held?.reference_id,
      reason: null,
      stuck_at: null,
    });
    expect(done?.completed_at).not.toBeNull();
    expect(Number(done?.fee_minor)).toBeGreaterThan(0);
    expect(Number(done?.payee_amount_minor)).toBe(15000);
    expect(open?.status).toBe('PROCESSING');
    for (const entry of await ledger(sandbox)) expect(entry.requests).toBe(1);
  }, 300_000);

  it('flags a payment PROCESSING too long as STUCK and never sends it again, even from a running batch', async () => {
    const stuckRun = await poll({ STUCK_AFTER_MINUTES: '0.01' });
    expect(stuckRun.counts.stuck).toBe(1);
    const [, stuck] = await payments();
    expect(stuck).toMatchObject({ external_ref: 'H002', status: 'PROCESSING' });
    expect(stuck?.stuck_at).not.toBeNull();
    expect(stuck?.stuck_reason).toContain('never sent again');

    const shown = await cli.json<BatchJson & { stuck: { row: number; reason: string }[] }>([
      'batch',
      'show',
      String(batchId),
    ]);
    expect(shown.stuck).toEqual([
      expect.objectContaining({ row: 3, externalRef: 'H002', reason: stuck?.stuck_reason }),
    ]);
    const listed = await cli.run(['batch', 'show', String(batchId)]);
    expect(listed.stdout).toContain('STUCK row 3 (H002');

    // Make its attempt look lost, as if Dollr had never heard of it: without the STUCK flag, a
    // running batch would now send it again under the same reference_id.
    const [, attempt] = await attempts();
    const unknownRef = randomUUID();
    await dataSource.query(
      `UPDATE payment_attempts SET reference_id = ?, state = 'UNKNOWN' WHERE payment_id = ?`,
      [unknownRef, stuck?.id],
    );
    const before = await ledger(sandbox);
    await poll({ STUCK_AFTER_MINUTES: '0.01' });
    const checkedAt = async (): Promise<number> => {
      const [row] = await dataSource.query<{ next_check_at: string | Date }[]>(
        'SELECT next_check_at FROM payments WHERE id = ?',
        [stuck?.id],
      );
      return new Date(row?.next_check_at ?? 0).getTime();
    };
    const polled = await checkedAt();
    // The running batch takes it up (it steps it: next_check_at moves on), and still sends nothing.
    await runBatchFor(async () => (await checkedAt()) > polled, 1_000);
    await poll({ STUCK_AFTER_MINUTES: '0.01' });

    const after = await ledger(sandbox);
    expect(after).toEqual(before);
    expect(after.find((e) => e.reference_id === unknownRef)).toBeUndefined();
    const [, still] = await attempts();
    expect(Number(still?.send_count)).toBe(1);
    const [, stillStuck] = await payments();
    expect(stillStuck).toMatchObject({ status: 'PROCESSING', stuck_reason: stuck?.stuck_reason });

    // Dollr's final word still reaches it and clears the flag.
    await dataSource.query(
      `UPDATE payment_attempts SET reference_id = ?, state = 'PROCESSING' WHERE payment_id = ?`,
      [attempt?.reference_id, stuck?.id],
    );
    const failed = await fetch(
      `${sandbox.url}/__sandbox/executions/${attempt?.reference_id}/settle`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"outcome":"FAILED","gateway_message":"Wallet limit reached"}',
      },
    );
    expect(failed.status).toBe(200);
    await until('the poll to resolve the stuck payment', async () => {
      const run = await poll({ STUCK_AFTER_MINUTES: '0.01' });
      return run.counts.resolved === 1 ? run : undefined;
    });
    const [, resolved] = await payments();
    expect(resolved).toMatchObject({
      status: 'FAILED',
      reason: 'Wallet limit reached',
      stuck_at: null,
      stuck_reason: null,
      reference_id: attempt?.reference_id,
    });
    const entries = await ledger(sandbox);
    for (const entry of entries) {
      expect(entry.requests).toBe(1);
      expect(entry.effects).toBeLessThanOrEqual(1);
    }
  }, 300_000);

  it('fails a STUCK payment that Dollr has never heard of, once its last send is too old to land', async () => {
    const [, stuck] = await payments();
    const lostRef = randomUUID();
    const hourAgo = new Date(Date.now() - 3_600_000);
    const at = (value: Date): unknown => sqlValue(dataSource, PaymentEntity, 'nextCheckAt', value);
    await dataSource.query(
      `UPDATE payments SET status = 'PROCESSING', reason = NULL, stuck_at = ?, stuck_reason = 'stuck',
              next_check_at = NULL, completed_at = NULL WHERE id = ?`,
      [at(hourAgo), stuck?.id],
    );
    await dataSource.query(
      `UPDATE payment_attempts SET reference_id = ?, state = 'UNKNOWN', last_sent_at = ?
        WHERE payment_id = ?`,
      [lostRef, at(hourAgo), stuck?.id],
    );
    const before = await ledger(sandbox);

    const run = await poll({ STUCK_AFTER_MINUTES: '0.01' });
    expect(run.counts.resolved).toBe(1);
    const [, failed] = await payments();
    expect(failed).toMatchObject({ status: 'FAILED', stuck_at: null, reference_id: lostRef });
    expect(failed?.reason).toMatch(
      /^Nothing was paid: Dollr has no payout with its reference_id 6\d minute\(s\) after it was last sent\. It can be retried with retry-failed\.$/,
    );
    // Concluded from Dollr's answer alone: nothing was sent again.
    expect(await ledger(sandbox)).toEqual(before);
  });

  /**
   * A batch of one payment whose execution was sent and answered 503 before it was handled
   * (outcome unknown, never landed), then paused.
   */
  async function pausedWithLostSend(file: string): Promise<void> {
    batchId = await approvedBatch(file);
    sandbox.setFaults('error5xx=1,only=/v1/executions/');
    await runBatchFor(async () => (await attempts())[0]?.state === 'UNKNOWN');
    sandbox.setFaults('error5xx=0,only=/v1/');
    await cli.json(['batch', 'pause', String(batchId)]);
  }

  /**
   * The batch's last sends made an hour ago: far past landing (4 × DOLLR_TIMEOUT_MS), without
   * waiting for it nor shortening the poll's own requests, which a busy machine could time out.
   */
  const sentAnHourAgo = (): Promise<unknown> =>
    dataSource.query(
      `UPDATE payment_attempts SET last_sent_at = ?
        WHERE payment_id IN (SELECT id FROM payments WHERE batch_id = ?)`,
      [
        sqlValue(dataSource, PaymentAttemptEntity, 'lastSentAt', new Date(Date.now() - 3_600_000)),
        batchId,
      ],
    );

  /** The batch's payments due for the status poll now, whatever their backoff. */
  const dueNow = (): Promise<unknown> =>
    dataSource.query('UPDATE payments SET next_check_at = NULL WHERE batch_id = ?', [batchId]);

  it('keeps following a lost send after a pause, cancels it only once it can no longer land', async () => {
    await pausedWithLostSend(
      cli.payroll('lost.csv', '2026-06', [['L001', 'Musu Doe', '0886123456', '40.00']]),
    );

    // Dollr does not know the reference_id, but the send is recent enough to still land.
    await dueNow();
    await poll();
    await cli.json(['batch', 'cancel', String(batchId)]);
    const [followed] = await payments();
    expect(followed).toMatchObject({ status: 'PROCESSING' });

    // Once that send is long past landing, nothing moved: it is canceled.
    await sentAnHourAgo();
    await dueNow();
    await poll();
    const [canceled] = await payments();
    expect(canceled).toMatchObject({
      status: 'CANCELED',
      reason: 'canceled with its batch; Dollr never received it',
    });
    const [attempt] = await attempts();
    expect((await ledger(sandbox)).some((e) => e.reference_id === attempt?.reference_id)).toBe(
      false,
    );
  });

  it('leaves a parked payment of a paused batch alone once its last send can no longer land, and its batch pays it when resumed', async () => {
    await pausedWithLostSend(
      cli.payroll('parked.csv', '2026-06', [['K001', 'Kou Gbah', '0886123457', '25.00']]),
    );

    // Once the lost send is past landing, the payment is parked.
    await sentAnHourAgo();
    await dueNow();
    await poll();
    const [parked] = await payments();
    expect(parked).toMatchObject({ status: 'PENDING' });

    // Later runs do not ask Dollr about it again, nor touch it.
    await dueNow();
    const again = await poll();
    expect(again.counts).toMatchObject({ due: 0, checked: 0 });
    const [untouched] = await payments();
    expect(untouched).toMatchObject({ status: 'PENDING' });
    expect(String(untouched?.status_changed_at)).toBe(String(parked?.status_changed_at));

    // Resumed, the batch sends it under the same reference_id, and it is paid once.
    const [attempt] = await attempts();
    await cli.json(['batch', 'resume', String(batchId)]);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 1 } });
    const landed = (await ledger(sandbox)).filter((e) => e.reference_id === attempt?.reference_id);
    expect(landed.map((e) => e.effects)).toEqual([1]);
  });
});
