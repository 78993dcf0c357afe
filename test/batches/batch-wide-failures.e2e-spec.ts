import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  type BatchJson,
  expectLedgerProof as ledgerProof,
  ledger,
  PayoutCli,
} from './payout-support';

/**
 * A cause that would refuse every payout of a batch (a wrong passcode, an unverified merchant, a
 * wallet too small) fails the payout that reveals it and pauses the batch: nothing more is sent
 * until an operator fixes it, and then every payout is paid once.
 */
describe('failures that would refuse the whole batch pause it at the first payout', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 300 } });
    // One payout at a time, so "nothing after the first" is exact.
    cli = PayoutCli.for(db.url, sandbox, { DOLLR_MAX_CONCURRENCY: '1' });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  async function control(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
  }

  /** An approved batch of three payouts whose phones end in `prefix` 1, 2, 3. */
  async function approvedBatch(runner: PayoutCli, name: string, prefix: string): Promise<number> {
    const file = cli.payroll(`${name}.csv`, '2026-10', [
      [`${name}-1`, 'Amara Kamara', `0886 ${prefix}1`, '40.00'],
      [`${name}-2`, 'Jerome Kollie', `0886 ${prefix}2`, '50.00'],
      [`${name}-3`, 'Musu Dolo', `0886 ${prefix}3`, '60.00'],
    ]);
    const summary = await cli.json<{ batchId: number }>([
      'import',
      file,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    await runner.json(['batch', 'preflight', String(summary.batchId)]);
    await runner.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    return summary.batchId;
  }

  /** Runs the batch and checks it paused after one FAILED payout, with `reason` said. */
  async function expectPausedAtFirst(runner: PayoutCli, batchId: number, reason: RegExp) {
    const paused = await runner.json<BatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
    expect(paused).toMatchObject({ status: 'PAUSED', counts: { FAILED: 1, PENDING: 2 } });
    const shown = await runner.json<{ statusReason: string }>(['batch', 'show', String(batchId)]);
    expect(shown.statusReason).toMatch(reason);
    expect(shown.statusReason).toContain('resume the batch and retry its failed payouts');
    const audited = await dataSource.query<{ action: string; actor: string }[]>(
      "SELECT action, actor FROM audit_events WHERE batch_id = ? AND action = 'batch.paused'",
      [batchId],
    );
    expect(audited).toEqual([{ action: 'batch.paused', actor: 'system' }]);
  }

  async function sentFor(prefix: string) {
    return (await ledger(sandbox)).filter((e) => e.phone.startsWith(`231886${prefix}`));
  }

  it('a wrong passcode: one payout FAILED, the batch PAUSED; fixed, resumed and retried, all paid once', async () => {
    const wrong = cli.with({ DOLLR_PAYOUT_PASSCODE: '999999' });
    const batchId = await approvedBatch(wrong, 'passcode', '14101');

    await expectPausedAtFirst(wrong, batchId, /Invalid passcode.*DOLLR_PAYOUT_PASSCODE/);
    const sent = await sentFor('14101');
    expect(sent.map((e) => [e.status, e.effects])).toEqual([['FAILED', 0]]);

    await cli.json(['batch', 'resume', String(batchId)]);
    const rest = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
    expect(rest).toMatchObject({
      status: 'COMPLETED_WITH_FAILURES',
      counts: { COMPLETED: 2, FAILED: 1 },
    });
    await cli.json(['batch', 'retry-failed', String(batchId)]);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 3 } });
    await ledgerProof(dataSource, sandbox, batchId);
  });

  it('an unverified merchant: refused before anything is sent, paused, then paid once when verified', async () => {
    const batchId = await approvedBatch(cli, 'unverified', '14201');
    await control(`/__sandbox/merchants/${sandbox.clientId}`, { verified: false });
    try {
      await expectPausedAtFirst(cli, batchId, /not verified/);
    } finally {
      await control(`/__sandbox/merchants/${sandbox.clientId}`, { verified: true });
    }
    expect(await sentFor('14201')).toEqual([]);

    await cli.json(['batch', 'retry-failed', String(batchId)]);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 3 } });
    await ledgerProof(dataSource, sandbox, batchId);
  });

  it('a wallet too small: the first payout FAILED, paused, then paid once after a top-up', async () => {
    const batchId = await approvedBatch(cli, 'wallet', '14301');
    const wallet = { client_id: sandbox.clientId, currency: 'USD' };
    await control('/__sandbox/wallets', { ...wallet, balance: '1.00' });
    try {
      await expectPausedAtFirst(cli, batchId, /wallet cannot cover/);
    } finally {
      await control('/__sandbox/wallets', { ...wallet, balance: '100000.00' });
    }
    expect((await sentFor('14301')).map((e) => [e.status, e.effects])).toEqual([['FAILED', 0]]);

    await cli.json(['batch', 'retry-failed', String(batchId)]);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 3 } });
    await ledgerProof(dataSource, sandbox, batchId);
  });
});
