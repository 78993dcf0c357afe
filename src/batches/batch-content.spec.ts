import { Logger } from '@nestjs/common';
import { type DataSource, In } from 'typeorm';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';
import { contentPageSql, paymentGroups, totalsInSql, totalsOfGroups } from './batch-content';
import { BatchFactory } from './batch-factory';
import { CONTENT_STATUSES, batchContent } from './batch-records';
import { totalsByCurrency } from './batch-totals';
import { batchContentHash } from './content-hash';
import { BatchEntity } from './entities/batch.entity';

/**
 * The totals and content hash of a batch read page by page and summed by the database are those
 * the batch gave when every payment was loaded at once.
 */

const maker: Actor = { name: 'ama.mensah', role: 'cli', keyId: null };

let db: MigratedDatabase;
let dataSource: DataSource;
let factory: BatchFactory;

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  dataSource = db.dataSource;
  factory = new BatchFactory(dataSource, testConfig(db.database.url), new AuditLog(dataSource));
});

afterAll(async () => {
  await db.close();
});

/** The content as it was computed before: every payment of the batch loaded, then summed and hashed. */
async function wholeBatchContent(batch: BatchEntity) {
  const payments = await dataSource.getRepository(PaymentEntity).find({
    where: {
      batchId: batch.id,
      status: In(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'AWAITING_PAYMENT']),
    },
  });
  const totals = totalsByCurrency(payments);
  const hash = batchContentHash({
    batchId: batch.id,
    payments: payments.map((p) => ({
      paymentId: p.id,
      payee: `${batch.relationshipType}:${p.externalRef}`,
      phone: p.phone,
      amount: fromMinorUnits(p.amountMinor, p.currency),
      currency: p.currency,
      method: p.method,
    })),
    totals: totals.map((t) => ({ currency: t.currency, requested: t.requested, fees: t.fees })),
  });
  return { hash, totals };
}

/** Whether the database reads this query through the primary key, and whether it sorts. */
async function planOf(
  sql: string,
  parameters: unknown[],
): Promise<{ primaryKey: boolean; sorts: boolean }> {
  if (dataSource.options.type === 'mysql') {
    const [plan] = await dataSource.query<{ key: string | null; Extra: string | null }[]>(
      `EXPLAIN ${sql}`,
      parameters,
    );
    return { primaryKey: plan?.key === 'PRIMARY', sorts: /filesort/i.test(plan?.Extra ?? '') };
  }
  const plan = await dataSource.query<{ detail: string }[]>(
    `EXPLAIN QUERY PLAN ${sql}`,
    parameters,
  );
  const steps = plan.map((step) => step.detail).join('; ');
  return {
    primaryKey: /INTEGER PRIMARY KEY/.test(steps) && !/USING (COVERING )?INDEX/.test(steps),
    sorts: /TEMP B-TREE/.test(steps),
  };
}

const STATUSES: readonly PaymentStatus[] = [
  'PENDING',
  'COMPLETED',
  'FAILED',
  'PROCESSING',
  'REJECTED',
  'CANCELED',
  'AWAITING_PAYMENT',
];
const CURRENCIES: readonly CurrencyCode[] = ['USD', 'RWF', 'LRD'];

/** A batch of `size` payments in every status and three currencies, with and without fees. */
async function mixedBatch(size: number): Promise<BatchEntity> {
  const amounts = Array.from({ length: size }, (_, i) => `${(i * 7919) % 100_000}.${i % 100}`);
  const batch = await factory.createFromImport(
    await storePayrollImport(dataSource, amounts, maker.name),
    maker,
  );
  const repo = dataSource.getRepository(PaymentEntity);
  const payments = await repo.find({ where: { batchId: batch.id }, order: { id: 'ASC' } });
  for (const [i, p] of payments.entries()) {
    const fee = i % 4 === 0 ? null : BigInt(i * 13);
    await repo.update(p.id, {
      status: STATUSES[i % STATUSES.length],
      currency: CURRENCIES[i % CURRENCIES.length],
      feeMinor: fee,
      payerAmountMinor: i % 6 === 1 ? p.amountMinor + 999n : null,
      payeeAmountMinor: i % 5 === 2 ? p.amountMinor - 1n : null,
      method: i % 3 === 0 ? null : 'MTN_MOMO_LBR',
      externalRef: i % 11 === 0 ? `Ngozi "É" \\ ${p.externalRef}` : p.externalRef,
    });
  }
  return batch;
}

describe('batch content read a page at a time', () => {
  it('gives the totals and the hash the whole batch gave, over many pages', async () => {
    const batch = await mixedBatch(61);
    const other = await mixedBatch(5);
    // A payment of another batch in the middle of this batch's ids is not part of it.
    const [middle] = await dataSource
      .getRepository(PaymentEntity)
      .find({ where: { batchId: batch.id }, order: { id: 'ASC' }, skip: 30, take: 1 });
    await dataSource.getRepository(PaymentEntity).update(middle.id, { batchId: other.id });

    const expected = await wholeBatchContent(batch);
    expect(expected.totals.map((t) => t.currency)).toEqual(['LRD', 'RWF', 'USD']);

    for (const pageSize of [1, 7, 60, 1_000]) {
      const paged = await dataSource.transaction((manager) =>
        batchContent(manager, batch, pageSize),
      );
      expect(paged).toEqual(expected);
    }
    expect(await dataSource.transaction((m) => batchContent(m, other, 2))).toEqual(
      await wholeBatchContent(other),
    );
    // The other batch's id range now spans this whole batch: its groups are its own all the same.
    for (const of of [batch, other]) {
      expect(totalsOfGroups(await paymentGroups(dataSource, of.id), CONTENT_STATUSES)).toEqual(
        (await wholeBatchContent(of)).totals,
      );
    }
  });

  it('never reads more than a page of payments at once', async () => {
    const batch = await mixedBatch(23);
    const largest = await dataSource.transaction(async (manager) => {
      let most = 0;
      const watched = new Proxy(manager, {
        get(target, property, receiver) {
          if (property === 'query') {
            return async (sql: string, parameters?: unknown[]) => {
              const rows: unknown = await target.query(sql, parameters);
              if (Array.isArray(rows)) most = Math.max(most, rows.length);
              return rows;
            };
          }
          if (typeof property === 'string' && /^(find|count)/.test(property)) {
            throw new Error(`loads entities: ${property}`);
          }
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      await batchContent(watched, batch, 4);
      return most;
    });
    expect(largest).toBe(4);
  });

  it('reads each page through the primary key, not by sorting the rest of the batch again', async () => {
    const batch = await mixedBatch(30);
    const sql = contentPageSql(dataSource, CONTENT_STATUSES, 5);
    const parameters = [0, 1_000_000, batch.id, ...CONTENT_STATUSES];
    expect(await planOf(sql, parameters)).toEqual({ primaryKey: true, sorts: false });
  });

  it('sums in SQL exactly what totalsByCurrency sums, amounts beyond a double included', async () => {
    const batch = await mixedBatch(4);
    const repo = dataSource.getRepository(PaymentEntity);
    const payments = await repo.find({ where: { batchId: batch.id } });
    for (const p of payments) {
      await repo.update(p.id, {
        status: 'PENDING',
        currency: 'USD',
        amountMinor: 2_251_799_813_685_249n, // 2^51 + 1: four of them exceed 2^53
        feeMinor: 1n,
      });
    }
    const live = await repo.find({ where: { batchId: batch.id } });
    const totals = await totalsInSql(dataSource, batch.id, CONTENT_STATUSES);
    expect(totals).toEqual(totalsByCurrency(live));
    expect(totals[0]).toMatchObject({ count: 4, requested: '90071992547409.96', fees: '0.04' });
  });

  it('has no totals and the empty hash for a batch without payments', async () => {
    const batch = await mixedBatch(2);
    await dataSource
      .getRepository(PaymentEntity)
      .update({ batchId: batch.id }, { status: 'REJECTED' });
    const paged = await dataSource.transaction((m) => batchContent(m, batch, 1));
    expect(paged).toEqual(await wholeBatchContent(batch));
    expect(paged.totals).toEqual([]);
  });
});
