import { Logger } from '@nestjs/common';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import type { InvoicesService } from '../invoices/invoices.service';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';
import { fromMinorUnits } from '../money/amount';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import { totalsByCurrency } from './batch-totals';
import { BatchEntity } from './entities/batch.entity';

/**
 * A batch's details, approval, run, retry and cancel never load the batch's payments: totals
 * are summed by the database and the content hash read a page at a time. Only what is shown row
 * by row (stuck payments, pre-flight rejections) is loaded.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };
const checker: Actor = { name: 'kofi.boateng', role: 'cli', keyId: null };

let db: MigratedDatabase;
let dataSource: DataSource;
let factory: BatchFactory;
let queries: BatchQueries;
let lifecycle: BatchLifecycle;
/** Payment entities loaded since the last reset. */
let loaded = 0;

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  dataSource = db.dataSource;
  const config = testConfig(db.database.url, { APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=10000' });
  const audit = new AuditLog(dataSource);
  factory = new BatchFactory(dataSource, config, audit);
  queries = new BatchQueries(dataSource, config, {} as InvoicesService);
  lifecycle = new BatchLifecycle(dataSource, config, audit, queries);
  const counter: EntitySubscriberInterface<PaymentEntity> = {
    listenTo: () => PaymentEntity,
    afterLoad: () => {
      loaded += 1;
    },
  };
  dataSource.subscribers.push(counter);
});

afterAll(async () => {
  await db.close();
});

async function loadsOf<T>(run: () => Promise<T>): Promise<{ result: T; loaded: number }> {
  loaded = 0;
  const result = await run();
  return { result, loaded };
}

async function batchOf(count: number): Promise<BatchEntity> {
  const amounts = Array.from({ length: count }, (_, i) => `${100 + i}.50`);
  return factory.createFromImport(await storePayrollImport(dataSource, amounts, maker.name), maker);
}

async function setStatuses(batchId: number, statuses: readonly PaymentStatus[]): Promise<void> {
  const repo = dataSource.getRepository(PaymentEntity);
  const payments = await repo.find({ where: { batchId }, order: { id: 'ASC' } });
  for (const [i, p] of payments.entries()) {
    await repo.update(p.id, { status: statuses[i % statuses.length] });
  }
}

describe('a batch is worked on without loading its payments', () => {
  it('is submitted, approved and run without loading a payment', async () => {
    const batch = await batchOf(12);
    await dataSource
      .getRepository(PaymentEntity)
      .update({ batchId: batch.id }, { preflightAt: new Date() });

    expect(
      (await loadsOf(() => lifecycle.submitForApproval(batch.id, new Date(), maker))).loaded,
    ).toBe(0);
    expect((await loadsOf(() => lifecycle.approve(batch.id, checker))).loaded).toBe(0);
    expect((await loadsOf(() => lifecycle.start(batch.id, maker))).loaded).toBe(0);
    expect((await queries.get(batch.id)).status).toBe('RUNNING');
  });

  it('shows its details from sums, loading only the stuck and rejected payments it lists', async () => {
    const batch = await batchOf(14);
    await setStatuses(batch.id, [
      'PENDING',
      'COMPLETED',
      'FAILED',
      'REJECTED',
      'CANCELED',
      'PROCESSING',
    ]);
    const repo = dataSource.getRepository(PaymentEntity);
    const all = await repo.find({ where: { batchId: batch.id }, order: { id: 'ASC' } });
    const processing = all.filter((p) => p.status === 'PROCESSING');
    await repo.update(processing[1].id, {
      stuckAt: new Date('2026-12-01T00:00:00Z'),
      stuckReason: 'slow',
    });
    await repo.update(processing[0].id, {
      stuckAt: new Date('2026-12-02T00:00:00Z'),
      stuckReason: 'slower',
    });
    await repo.update(all[0].id, { feeMinor: 25n, preflightAt: new Date() });
    const rejected = all.filter((p) => p.status === 'REJECTED');

    const { result: details, loaded: count } = await loadsOf(() => queries.details(batch.id));

    expect(count).toBe(2 + rejected.length);
    const live = (await repo.find({ where: { batchId: batch.id } })).filter(
      (p) => p.status !== 'REJECTED',
    );
    expect(details.preflight.totals).toEqual(totalsByCurrency(live));
    // Counts and totals as they were summed from every payment of the batch.
    const counted = live.filter((p) => p.status !== 'AWAITING_PAYMENT');
    expect(details.counts).toEqual({
      PENDING: counted.filter((p) => p.status === 'PENDING').length,
      PROCESSING: counted.filter((p) => p.status === 'PROCESSING').length,
      COMPLETED: counted.filter((p) => p.status === 'COMPLETED').length,
      FAILED: counted.filter((p) => p.status === 'FAILED').length,
      CANCELED: counted.filter((p) => p.status === 'CANCELED').length,
    });
    const sumOf = (status?: PaymentStatus) =>
      fromMinorUnits(
        counted
          .filter((p) => status === undefined || p.status === status)
          .reduce((n, p) => n + p.amountMinor, 0n),
        'USD',
      );
    expect(details.totals).toEqual([
      {
        currency: 'USD',
        requested: sumOf(),
        completed: sumOf('COMPLETED'),
        failed: sumOf('FAILED'),
        fees: '0.25',
      },
    ]);
    expect(details.preflight).toMatchObject({ checked: 1, total: 12 });
    expect(details.rejected).toBe(rejected.length);
    expect(details.preflight.rejections.map((r) => r.row)).toEqual(
      rejected.map((p) => p.rowNumber),
    );
    expect(details.stuck.map((s) => [s.row, s.reason])).toEqual([
      [processing[0].rowNumber, 'slower'],
      [processing[1].rowNumber, 'slow'],
    ]);
  });

  it('shows a batch with nothing stuck or rejected without loading any payment', async () => {
    const batch = await batchOf(6);
    const { result: details, loaded: count } = await loadsOf(() => queries.details(batch.id));
    expect(count).toBe(0);
    expect(details).toMatchObject({
      counts: { PENDING: 6 },
      stuck: [],
      rejected: 0,
      preflight: { checked: 0, total: 6, rejections: [] },
    });
  });

  it('retries the failed payments and records their totals without loading them', async () => {
    const batch = await batchOf(9);
    await setStatuses(batch.id, ['COMPLETED', 'FAILED', 'FAILED']);
    await dataSource
      .getRepository(BatchEntity)
      .update(batch.id, { status: 'COMPLETED_WITH_FAILURES' });

    const { result: retried, loaded: count } = await loadsOf(() =>
      lifecycle.retryFailed(batch.id, checker),
    );

    expect(count).toBe(0);
    expect(retried).toBe(6);
    const [entry] = await dataSource.getRepository(AuditEventEntity).find({
      where: { subjectType: 'batch', subjectId: batch.id, action: 'batch.retry_failed' },
    });
    // The 2nd, 3rd, 5th, 6th, 8th and 9th of 100.50 to 108.50
    expect(entry?.details).toMatchObject({
      payments: 6,
      totals: [{ currency: 'USD', count: 6, requested: '630.00' }],
    });
    expect((await loadsOf(() => lifecycle.cancel(batch.id, checker))).loaded).toBe(0);
  });
});
