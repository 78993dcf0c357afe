import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import type { AppConfig } from '../config/app-config';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import type { InvoicesService } from '../invoices/invoices.service';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import { BatchEntity } from './entities/batch.entity';

/**
 * A batch's life in process, on the database under test: made from an import, submitted by its
 * pre-flight, approved by other people, run, paused, canceled, retried and expired. The HTTP and
 * CLI specs check the wiring; this one checks the rules.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };
const checker: Actor = { name: 'kofi.boateng', role: 'cli', keyId: null };
const second: Actor = { name: 'efua.sarpong', role: 'cli', keyId: null };

let db: MigratedDatabase;
let dataSource: DataSource;
let config: AppConfig;
let factory: BatchFactory;
let queries: BatchQueries;
let lifecycle: BatchLifecycle;

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  dataSource = db.dataSource;
  config = testConfig(db.database.url, {
    APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=10000',
    BATCH_APPROVAL_EXPIRY_DAYS: '7',
  });
  const audit = new AuditLog(dataSource);
  factory = new BatchFactory(dataSource, config, audit);
  queries = new BatchQueries(dataSource, config, {} as InvoicesService);
  lifecycle = new BatchLifecycle(dataSource, config, audit, queries);
});

afterAll(async () => {
  await db.close();
});

/** A stored payroll import of these amounts (USD), each row a new payee, as `maker` uploaded it. */
function payrollImport(amounts: readonly string[]): Promise<number> {
  return storePayrollImport(dataSource, amounts, maker.name);
}

/** A batch of these amounts, pre-flighted (as PreflightService leaves it) and awaiting approval. */
async function awaitingApproval(amounts: readonly string[]): Promise<number> {
  const batch = await factory.createFromImport(await payrollImport(amounts), maker);
  await dataSource
    .getRepository(PaymentEntity)
    .update({ batchId: batch.id }, { preflightAt: new Date() });
  await lifecycle.submitForApproval(batch.id, new Date(), maker);
  return batch.id;
}

async function status(batchId: number): Promise<string> {
  return (await queries.get(batchId)).status;
}

async function auditEntries(batchId: number): Promise<AuditEventEntity[]> {
  return dataSource
    .getRepository(AuditEventEntity)
    .find({ where: { subjectType: 'batch', subjectId: batchId }, order: { id: 'ASC' } });
}

async function auditActions(batchId: number): Promise<string[]> {
  const events = await dataSource
    .getRepository(AuditEventEntity)
    .find({ where: { subjectType: 'batch', subjectId: batchId }, order: { id: 'ASC' } });
  return events.map((e) => e.action);
}

describe('making a batch from an import', () => {
  it('makes one PENDING payment per valid row, once, however often it is asked', async () => {
    const importId = await payrollImport(['100.00', '250.50']);

    const batch = await factory.createFromImport(importId, maker);
    const again = await factory.createFromImport(importId, maker);

    expect(again.id).toBe(batch.id);
    const payments = await dataSource.getRepository(PaymentEntity).findBy({ batchId: batch.id });
    expect(payments.map((p) => [p.status, p.amountMinor])).toEqual([
      ['PENDING', 10_000n],
      ['PENDING', 25_050n],
    ]);
    expect(batch).toMatchObject({ status: 'DRAFT', createdBy: maker.name, approvalsRequired: 1 });
    expect(await auditActions(batch.id)).toEqual(['batch.created']);
  });

  it('leaves out a payee already paid for the period by another batch', async () => {
    const first = await factory.createFromImport(await payrollImport(['100.00']), maker);
    const [paid] = await dataSource.getRepository(PaymentEntity).findBy({ batchId: first.id });
    const importId = await payrollImport(['100.00', '75.00']);
    await dataSource
      .getRepository(ImportRowEntity)
      .update({ importId, rowNumber: 2 }, { dedupeKey: paid?.dedupeKey });

    const batch = await factory.createFromImport(importId, maker);

    const payments = await dataSource.getRepository(PaymentEntity).findBy({ batchId: batch.id });
    expect(payments.map((p) => p.amountMinor)).toEqual([7_500n]);
  });

  it('says from the start that a batch over the threshold needs two approvals', async () => {
    const batch = await factory.createFromImport(
      await payrollImport(['6000.00', '6000.00']),
      maker,
    );

    expect(batch.approvalsRequired).toBe(2);
    expect((await queries.details(batch.id)).approvalsRequired).toBe(2);
  });
});

describe('approving a batch', () => {
  it('refuses the person who imported it, however the name is spelled', async () => {
    const id = await awaitingApproval(['100.00']);

    for (const name of ['ama.mensah', 'AMA.MENSAH', ' Ama.Mensah ']) {
      await expect(lifecycle.approve(id, { ...checker, name })).rejects.toMatchObject({
        code: 'MAKER_CHECKER',
      });
    }
    expect(await status(id)).toBe('AWAITING_APPROVAL');
  });

  it('approves with one other person below the threshold', async () => {
    const id = await awaitingApproval(['100.00']);

    const details = await lifecycle.approve(id, checker);

    expect(details.status).toBe('APPROVED');
    expect(details.approvals).toEqual([
      expect.objectContaining({ approvedBy: checker.name, valid: true }),
    ]);
  });

  it('needs two different people above the threshold, and the same one only once', async () => {
    const id = await awaitingApproval(['6000.00', '6000.00']);

    expect((await lifecycle.approve(id, checker)).status).toBe('AWAITING_APPROVAL');
    await expect(lifecycle.approve(id, { ...checker, name: 'Kofi.Boateng' })).rejects.toMatchObject(
      { code: 'ALREADY_APPROVED', message: `Kofi.Boateng has already approved batch ${id}.` },
    );
    expect((await lifecycle.approve(id, second)).status).toBe('APPROVED');
  });

  it('refuses an approval once the payments changed after the pre-flight', async () => {
    const id = await awaitingApproval(['100.00']);
    await dataSource.getRepository(PaymentEntity).update({ batchId: id }, { amountMinor: 99_999n });

    await expect(lifecycle.approve(id, checker)).rejects.toMatchObject({
      code: 'APPROVAL_VOIDED',
    });
  });

  it('refuses a batch that is not awaiting approval', async () => {
    const batch = await factory.createFromImport(await payrollImport(['100.00']), maker);

    await expect(lifecycle.approve(batch.id, checker)).rejects.toMatchObject({ status: 409 });
  });

  it('voids the first of two approvals when the pre-flight runs again', async () => {
    const id = await awaitingApproval(['6000.00', '6000.00']);
    await lifecycle.approve(id, checker);

    await lifecycle.submitForApproval(id, new Date(), maker);

    const details = await queries.details(id);
    expect(details.status).toBe('AWAITING_APPROVAL');
    expect(details.approvals).toEqual([expect.objectContaining({ valid: false })]);
    const voided = (await auditEntries(id)).find((e) => e.action === 'batch.approval_voided');
    expect(voided).toMatchObject({
      actor: maker.name,
      details: {
        reason: 'pre-flight ran again',
        approvals: 1,
        totals: [expect.objectContaining({ currency: 'USD', requested: '12000.00' })],
      },
    });
  });
});

describe('running and controlling a batch', () => {
  it('runs an approved batch, and refuses one that changed since, voiding its approvals', async () => {
    const ran = await awaitingApproval(['100.00']);
    await lifecycle.approve(ran, checker);
    await lifecycle.start(ran, checker);
    expect(await status(ran)).toBe('RUNNING');

    const changed = await awaitingApproval(['100.00']);
    await lifecycle.approve(changed, checker);
    await dataSource.getRepository(PaymentEntity).update({ batchId: changed }, { amountMinor: 1n });

    await expect(lifecycle.start(changed, maker)).rejects.toMatchObject({
      code: 'APPROVAL_VOIDED',
      message: `Batch ${changed} changed after it was approved; run its pre-flight and approve it again.`,
    });
    const entries = await auditEntries(changed);
    expect(entries.at(-1)).toMatchObject({
      action: 'batch.approval_voided',
      actor: maker.name,
      details: {
        from: 'APPROVED',
        reason: 'the batch changed after approval',
        totals: [expect.objectContaining({ currency: 'USD', requested: '0.01' })],
      },
    });
    expect(await status(changed)).toBe('AWAITING_APPROVAL');
    expect((await queries.details(changed)).approvals).toEqual([
      expect.objectContaining({ valid: false }),
    ]);
  });

  it('refuses to run a batch nobody approved', async () => {
    const id = await awaitingApproval(['100.00']);

    await expect(lifecycle.start(id, checker)).rejects.toMatchObject({ status: 409 });
    expect(await status(id)).toBe('AWAITING_APPROVAL');
  });

  it('pauses with a reason, resumes, and cancels only the payments not yet sent', async () => {
    const id = await awaitingApproval(['100.00', '200.00']);
    await lifecycle.approve(id, checker);
    await lifecycle.start(id, checker);
    const payments = dataSource.getRepository(PaymentEntity);
    const [inFlight] = await payments.find({ where: { batchId: id }, order: { id: 'ASC' } });
    await payments.update(inFlight?.id ?? -1, { status: 'PROCESSING' });

    await lifecycle.pause(id, checker, 'wallet top-up');
    expect(await queries.get(id)).toMatchObject({
      status: 'PAUSED',
      statusReason: 'wallet top-up',
    });
    await lifecycle.resume(id, checker);
    expect(await status(id)).toBe('RUNNING');
    await lifecycle.cancel(id, checker, 'wrong month');

    const after = await payments.find({ where: { batchId: id }, order: { id: 'ASC' } });
    expect(after.map((p) => p.status)).toEqual(['PROCESSING', 'CANCELED']);
    expect(await status(id)).toBe('CANCELED');
    expect(await auditActions(id)).toEqual(
      expect.arrayContaining(['batch.paused', 'batch.resumed', 'batch.canceled']),
    );
  });

  it('pauses a running batch for a batch-wide failure as the system, once', async () => {
    const id = await awaitingApproval(['100.00']);
    await lifecycle.approve(id, checker);
    await lifecycle.start(id, checker);

    const first = await lifecycle.pauseForFailure(id, 'A payout failed "Invalid passcode"');
    const second = await lifecycle.pauseForFailure(id, 'A payout failed "Invalid passcode"');

    expect([first, second]).toEqual([true, false]);
    expect(await queries.get(id)).toMatchObject({
      status: 'PAUSED',
      statusReason: 'A payout failed "Invalid passcode"',
    });
    const pauses = (await auditEntries(id)).filter((e) => e.action === 'batch.paused');
    expect(pauses.map((e) => [e.actor, e.role])).toEqual([['system', 'system']]);
  });

  it('gives FAILED payments a fresh start when the failures are retried', async () => {
    const id = await awaitingApproval(['100.00', '200.00']);
    await lifecycle.approve(id, checker);
    await lifecycle.start(id, checker);
    const payments = dataSource.getRepository(PaymentEntity);
    await payments.update({ batchId: id }, { status: 'FAILED', reason: 'declined' });
    await dataSource.getRepository(BatchEntity).update(id, { status: 'COMPLETED_WITH_FAILURES' });

    const retried = await lifecycle.retryFailed(id, checker);

    expect(retried).toBe(2);
    const after = await payments.findBy({ batchId: id });
    expect(after.map((p) => [p.status, p.reason])).toEqual([
      ['PENDING', null],
      ['PENDING', null],
    ]);
    expect(await status(id)).toBe('RUNNING');
  });
});

describe('batches nobody approved in time', () => {
  it('are canceled by the expiry run, and only those', async () => {
    const stale = await awaitingApproval(['100.00']);
    const approved = await awaitingApproval(['100.00']);
    await lifecycle.approve(approved, checker);
    const fresh = await awaitingApproval(['100.00']);
    const longAgo = new Date(Date.now() - 30 * 86_400_000);
    await dataSource.getRepository(BatchEntity).update([stale, approved], { expiresAt: longAgo });

    const run = await lifecycle.expireStale(new Date());

    expect(run).toMatchObject({ failed: 0, firstError: null });
    expect(run.expired).toBeGreaterThanOrEqual(1);
    expect(await status(stale)).toBe('CANCELED');
    expect(await status(approved)).toBe('APPROVED');
    expect(await status(fresh)).toBe('AWAITING_APPROVAL');
    expect((await queries.get(stale)).statusReason).toContain('not approved within 7 day(s)');
    await expect(lifecycle.approve(stale, checker)).rejects.toMatchObject({
      message: expect.stringContaining('is CANCELED') as unknown,
    });
  });

  it('can no longer be approved once expired, even before the expiry run', async () => {
    const id = await awaitingApproval(['100.00']);
    await dataSource
      .getRepository(BatchEntity)
      .update(id, { expiresAt: new Date(Date.now() - 1_000) });

    await expect(lifecycle.approve(id, checker)).rejects.toMatchObject({
      code: 'BATCH_EXPIRED',
      message: expect.stringMatching(
        /was not approved within 7 day\(s\).*can no longer be approved/,
      ) as unknown,
    });
  });

  it('are never changed by reading them', async () => {
    const id = await awaitingApproval(['100.00']);
    await dataSource
      .getRepository(BatchEntity)
      .update(id, { expiresAt: new Date(Date.now() - 1_000) });

    await queries.get(id);
    await queries.details(id);
    await queries.list({ limit: 50 });

    expect(await status(id)).toBe('AWAITING_APPROVAL');
    expect(await auditActions(id)).not.toContain('batch.canceled');
  });
});
