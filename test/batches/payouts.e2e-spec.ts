import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { Merchant } from '../sandbox/sandbox-client';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { until } from '../support/until';
import {
  attemptsOf as attemptsOfBatch,
  type BatchJson,
  expectLedgerProof as ledgerProof,
  ledger,
  PayoutCli,
} from './payout-support';

describe('payout batches, end to end against the sandbox (CLI)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Numbers ending in 904/905 stay PROCESSING for 30 s, as mobile money sometimes does.
    sandbox = await startSandbox({
      timing: { pendingMs: 100, processingMs: 400, slowProcessingMs: 30_000 },
    });
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

  const attemptsOf = (batchId: number) => attemptsOfBatch(dataSource, batchId);
  const advanceSandboxClock = async (by: string): Promise<void> => {
    const response = await fetch(`${sandbox.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance: by }),
    });
    expect(response.status).toBe(200);
  };
  const expectLedgerProof = (batchId: number) => ledgerProof(dataSource, sandbox, batchId);

  async function importedBatch(file: string, as = 'alice'): Promise<number> {
    const summary = await cli.json<{ batchId: number | null; valid: number }>([
      'import',
      file,
      '--type',
      'payables',
      '--as',
      as,
    ]);
    expect(summary.batchId).toEqual(expect.any(Number));
    return summary.batchId as number;
  }

  it('pays a payroll once: import, pre-flight, maker-checker approval, run, ledger proof', async () => {
    const file = cli.payroll('january.csv', '2026-01', [
      ['E001', 'Amara Kamara', '0886 123 456', '150.00'],
      ['E002', 'Jerome Kollie', '0770 123 457', '99.50'],
      ['E003', 'Fatu Sirleaf', '0555 123 458', '75.25'],
      ['E004', 'Musa Dukuly', '0886 123 901', '20.00'],
    ]);
    const batchId = await importedBatch(file);

    const draft = await cli.json<BatchJson>(['batch', 'show', String(batchId)]);
    expect(draft).toMatchObject({ status: 'DRAFT', counts: { PENDING: 4 } });

    const preflight = await cli.json<
      BatchJson & { preflight: { totals: { fees: string; payerTotal: string }[] } }
    >(['batch', 'preflight', String(batchId)]);
    expect(preflight.status).toBe('AWAITING_APPROVAL');
    expect(Number(preflight.preflight.totals[0]?.fees)).toBeGreaterThan(0);
    expect(preflight.totals).toEqual([
      {
        currency: 'USD',
        requested: '344.75',
        completed: '0.00',
        failed: '0.00',
        fees: preflight.preflight.totals[0]?.fees,
      },
    ]);

    const own = await cli.run(['batch', 'approve', String(batchId), '--as', 'alice', '--json']);
    expect(own.code).toBe(1);
    expect(own.stderr).toContain('alice imported this batch and cannot approve it');

    const notYet = await cli.run(['batch', 'run', String(batchId), '--json']);
    expect(notYet.code).toBe(1);
    expect(notYet.stderr).toContain('must be approved first');
    expect(await ledger(sandbox)).toEqual([]);

    const approved = await cli.json<BatchJson>([
      'batch',
      'approve',
      String(batchId),
      '--as',
      'bob',
    ]);
    expect(approved.status).toBe('APPROVED');

    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
    expect(done).toEqual({
      batchId,
      status: 'COMPLETED_WITH_FAILURES',
      counts: { PENDING: 0, PROCESSING: 0, COMPLETED: 3, FAILED: 1, CANCELED: 0 },
      totals: [
        {
          currency: 'USD',
          requested: '344.75',
          completed: '324.75',
          failed: '20.00',
          fees: preflight.preflight.totals[0]?.fees,
        },
      ],
    });
    await expectLedgerProof(batchId);

    // In words, the failed payment is named, with the commands that list and retry them.
    const shown = await cli.run(['batch', 'show', String(batchId)]);
    expect(shown.stdout).toContain('Failed:\n  Row 5  E004  Musa Dukuly');
    expect(shown.stdout).toContain(
      `Every failed payment: npm run cli -- batch payments ${batchId} --status FAILED; to try them again: npm run cli -- batch retry-failed ${batchId}`,
    );

    // Running it again pays nobody twice.
    const before = await ledger(sandbox);
    const again = await cli.run(['batch', 'run', String(batchId), '--wait', '--json']);
    expect(again.code).toBe(1);
    expect(await ledger(sandbox)).toEqual(before);
  });

  it('pays suppliers as SUPPLIER counterparties, with the suppliers profile', async () => {
    const file = join(cli.dir, 'bills.csv');
    writeFileSync(
      file,
      [
        'Supplier Code,Supplier Name,Mobile Number,Amount Due,Currency,Billing Period,Bill No',
        'S-01,Kpelle Hardware,0886 410 123,1250.00,USD,2026-03,B-1001',
        'S-02,Gbarnga Fuel Depot,0770 410 124,310.40,USD,2026-03,B-1002',
      ].join('\n'),
    );
    const summary = await cli.json<{ batchId: number; valid: number }>([
      'import',
      file,
      '--type',
      'payables',
      '--profile',
      'suppliers',
      '--as',
      'alice',
    ]);
    expect(summary.valid).toBe(2);
    await cli.json(['batch', 'preflight', String(summary.batchId)]);
    await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    const done = await cli.json<BatchJson>(['batch', 'run', String(summary.batchId), '--wait']);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      counts: { COMPLETED: 2, FAILED: 0 },
      totals: [{ currency: 'USD', requested: '1560.40', completed: '1560.40' }],
    });
    await expectLedgerProof(summary.batchId);

    const merchant = await Merchant.login(sandbox);
    const suppliers = await merchant.get('/v1/counterparties/list?relationship_type=SUPPLIER');
    const names = (suppliers.body as unknown as { party: { fullname: string } }[]).map(
      (c) => c.party.fullname,
    );
    expect(names).toEqual(expect.arrayContaining(['Kpelle Hardware', 'Gbarnga Fuel Depot']));
  });

  it('never pays the same payee and period twice, across files', async () => {
    const first = cli.payroll('feb.csv', '2026-02', [
      ['E101', 'Amara Kamara', '0886 124 456', '10.00'],
    ]);
    const batchId = await importedBatch(first);
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    await cli.json(['batch', 'run', String(batchId), '--wait']);
    const paid = (await ledger(sandbox)).length;

    const sameFile = await cli.run([
      'import',
      first,
      '--type',
      'payables',
      '--as',
      'alice',
      '--json',
    ]);
    expect(sameFile.code).not.toBe(0);

    const second = cli.payroll('feb-corrected.csv', '2026-02', [
      ['E101', 'Amara Kamara', '0886 124 456', '10.00'],
      ['E102', 'Jerome Kollie', '0770 124 457', '12.00'],
    ]);
    const summary = await cli.json<{ duplicates: number; valid: number; batchId: number }>([
      'import',
      second,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    expect(summary).toMatchObject({ duplicates: 1, valid: 1 });
    await cli.json(['batch', 'preflight', String(summary.batchId)]);
    await cli.json(['batch', 'approve', String(summary.batchId), '--as', 'bob']);
    const done = await cli.json<BatchJson>(['batch', 'run', String(summary.batchId), '--wait']);
    expect(done.counts.COMPLETED).toBe(1);
    const executions = await ledger(sandbox);
    expect(executions.length).toBe(paid + 1);
    expect(executions.filter((e) => e.phone === '231886124456')).toHaveLength(1);
  });

  it('tells apart IDs and periods that differ only by an accent, on either database', async () => {
    const file = join(cli.dir, 'accents.csv');
    writeFileSync(
      file,
      [
        'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
        'E301,Amara Kamara,0886 127 456,10.00,USD,prime février',
        'E301,Amara Kamara,0886 127 456,11.00,USD,prime fevrier',
        'É302,José Doe,0770 127 457,12.00,USD,2026-04',
        'E302,Jose Doe,0770 127 458,13.00,USD,2026-04',
      ].join('\n'),
    );
    const batchId = await importedBatch(file);
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done).toMatchObject({ status: 'COMPLETED', counts: { COMPLETED: 4, FAILED: 0 } });
    await expectLedgerProof(batchId);

    const payees = await dataSource.query<{ ref: string; counterparty: number | string }[]>(
      `SELECT external_ref AS ref, dollr_counterparty_id AS counterparty FROM payees
        WHERE external_ref IN ('É302', 'E302') ORDER BY external_ref`,
    );
    expect(payees.map((p) => p.ref).sort()).toEqual(['E302', 'É302']);
    expect(new Set(payees.map((p) => String(p.counterparty))).size).toBe(2);
  });

  it('pauses the batch and moves nothing when the payout passcode is missing', async () => {
    const noPasscode = cli.with({ DOLLR_PAYOUT_PASSCODE: '' });
    const file = cli.payroll('april.csv', '2026-04', [
      ['E301', 'Amara Kamara', '0886 126 456', '5.00'],
    ]);
    const batchId = await importedBatch(file);
    await noPasscode.json(['batch', 'preflight', String(batchId)]);
    await noPasscode.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    const paused = await noPasscode.json<BatchJson & { statusReason: string }>(
      ['batch', 'run', String(batchId), '--wait'],
      2,
    );
    expect(paused.status).toBe('PAUSED');
    const details = await noPasscode.json<{ statusReason: string }>([
      'batch',
      'show',
      String(batchId),
    ]);
    expect(details.statusReason).toMatch(/passcode/i);
    expect((await ledger(sandbox)).some((e) => e.phone === '231886126456')).toBe(false);

    // With the passcode back, resuming pays it once, under the reference_id it already had.
    const [attempt] = await attemptsOf(batchId);
    await cli.json(['batch', 'resume', String(batchId)]);
    const done = await cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait']);
    expect(done.status).toBe('COMPLETED');
    const attempts = await attemptsOf(batchId);
    expect(attempts.map((a) => a.reference_id)).toEqual([attempt?.reference_id]);
    await expectLedgerProof(batchId);
  });

  it('ends every payment COMPLETED or FAILED under 5xx, 429 bursts, dropped responses, short tokens and 30 s PROCESSING, paying each once', async () => {
    const rows: [string, string, string, string][] = Array.from({ length: 24 }, (_, i) => [
      `F${String(i).padStart(3, '0')}`,
      `Payee ${i}`,
      `0886 2${String(i).padStart(2, '0')} ${i % 6 === 5 ? '901' : String(100 + i)}`,
      `${10 + i}.00`,
    ]);
    // PROCESSING for 30 s, then COMPLETED (904) or FAILED (905).
    rows.push(['F024', 'Payee 24', '0886 224 904', '34.00']);
    rows.push(['F025', 'Payee 25', '0886 225 905', '35.00']);
    const file = cli.payroll('faults.csv', '2026-06', rows);
    const batchId = await importedBatch(file);
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    sandbox.setFaults('error5xx=0.1,rate429=0.05,burst429=1s/10s,drop=0.05,tokenTtl=20s,seed=11');
    try {
      const running = cli.json<BatchJson>(['batch', 'run', String(batchId), '--wait'], 2);
      // Once every other payment is final, the 30 s pass on Dollr's clock rather than the test's.
      await until('every payment but the two slow ones to be final', async () => {
        const open = await dataSource.query<{ external_ref: string; status: string }[]>(
          `SELECT external_ref, status FROM payments
            WHERE batch_id = ? AND status NOT IN ('COMPLETED', 'FAILED') ORDER BY external_ref`,
          [batchId],
        );
        const slowOnly = open.map((p) => `${p.external_ref} ${p.status}`).join();
        return slowOnly === 'F024 PROCESSING,F025 PROCESSING' ? true : undefined;
      });
      await advanceSandboxClock('30s');
      const done = await running;
      expect(done.counts).toMatchObject({ PENDING: 0, PROCESSING: 0, CANCELED: 0 });
      expect(done.counts.COMPLETED + done.counts.FAILED).toBe(26);
      expect(done.counts.FAILED).toBe(5);
    } finally {
      sandbox.setFaults('error5xx=0,rate429=0,burst429=off,drop=0');
    }
    await expectLedgerProof(batchId);

    // Creates whose answers were lost were looked up, not repeated: one party and one
    // counterparty on Dollr per payee.
    const merchant = await Merchant.login(sandbox);
    const parties = (await merchant.ok(merchant.get('/v1/parties/list'))).body as unknown as {
      id: number;
      fullname: string;
    }[];
    const faultParties = parties.filter((p) => /^Payee \d+$/.test(p.fullname));
    expect(faultParties.map((p) => p.fullname).sort()).toEqual(rows.map((r) => r[1]).sort());
    const counterparties = (
      await merchant.ok(merchant.get('/v1/counterparties/list?relationship_type=EMPLOYEE'))
    ).body as unknown as { party: { id: number } }[];
    const ids = new Set(faultParties.map((p) => p.id));
    expect(counterparties.filter((c) => ids.has(c.party.id))).toHaveLength(rows.length);
  });
});
