import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { BatchFactory } from './batch-factory';
import { BatchEntity } from './entities/batch.entity';

/**
 * Making a payout batch a page of import rows at a time: payments inserted a page at a time in
 * multi-row statements, all in one transaction, the same payments as one save per row gave.
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
  jest.restoreAllMocks();
  await db.close();
});

/** Every query the factory's transaction runs: its SQL and how many rows it returned. */
interface Watched {
  statements: { sql: string; rows: number }[];
}

/** Runs the factory with its transaction's queries watched; `failAt` fails that INSERT. */
function watchTransactions(failAt?: number): Watched {
  const watched: Watched = { statements: [] };
  const original = dataSource.transaction.bind(dataSource) as (
    run: (manager: EntityManager) => Promise<unknown>,
  ) => Promise<unknown>;
  jest.spyOn(dataSource, 'transaction').mockImplementationOnce(((
    run: (manager: EntityManager) => Promise<unknown>,
  ) =>
    original((manager) => {
      let inserts = 0;
      const proxy = new Proxy(manager, {
        get(target, property, receiver) {
          if (property === 'query') {
            return async (sql: string, parameters?: unknown[]) => {
              if (/^INSERT INTO payments/.test(sql)) {
                inserts += 1;
                if (inserts === failAt) throw new Error('the database went away');
              }
              const rows: unknown = await target.query(sql, parameters);
              watched.statements.push({ sql, rows: Array.isArray(rows) ? rows.length : 0 });
              return rows;
            };
          }
          if (property === 'save') {
            return (...args: unknown[]) => {
              const [what] = args;
              if (Array.isArray(what) || what instanceof PaymentEntity) {
                throw new Error('payments are saved one entity at a time');
              }
              return (target.save as (...a: unknown[]) => unknown)(...args);
            };
          }
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
      return run(proxy);
    })) as unknown as DataSource['transaction']);
  return watched;
}

async function paymentsOf(batchId: number): Promise<PaymentEntity[]> {
  return dataSource.getRepository(PaymentEntity).find({ where: { batchId }, order: { id: 'ASC' } });
}

describe('making a payout batch a page at a time', () => {
  it('inserts the payments of many pages in multi-row statements, reading a page at a time', async () => {
    const importId = await storePayrollImport(
      dataSource,
      Array.from({ length: 10 }, (_, i) => `${i + 1}.25`),
      maker.name,
    );
    const watched = watchTransactions();

    const batch = await factory.createFromImport(importId, maker, new Date(), 3);

    const payments = await paymentsOf(batch.id);
    expect(payments.map((p) => p.amountMinor)).toEqual(
      Array.from({ length: 10 }, (_, i) => BigInt((i + 1) * 100 + 25)),
    );
    const inserts = watched.statements.filter((s) => /^INSERT INTO payments/.test(s.sql));
    expect(inserts).toHaveLength(4); // pages of 3, 3, 3 and 1 rows
    const rowReads = watched.statements.filter((s) => /FROM import_rows/.test(s.sql));
    expect(Math.max(...rowReads.map((s) => s.rows))).toBe(3);
    const [created] = await dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { subjectType: 'batch', subjectId: batch.id, action: 'batch.created' } });
    expect(created?.details).toMatchObject({
      payments: 10,
      totals: [{ currency: 'USD', count: 10, requested: '57.50', fees: '0.00' }],
    });
  });

  it('makes the payments one save per row made: fields, order, and rows left out', async () => {
    const importId = await storePayrollImport(
      dataSource,
      ['10.00', '20.00', '30.00', '40.00', '50.00', '60.00', '70.00'],
      maker.name,
    );
    const rows = dataSource.getRepository(ImportRowEntity);
    const stored = await rows.find({ where: { importId }, order: { rowNumber: 'ASC' } });
    const [r2, r3, r4, r5, r6, , r8] = stored;
    await rows.update(r2.id, {
      fields: {
        external_ref: 'E-É"1',
        full_name: 'Ngozi "Kollie"',
        phone: '231886000001',
        method: 'ORANGE_MONEY_LBR',
      },
    });
    await rows.update(r3.id, { fields: { phone: '231886000002', method: '' } }); // no ref, no name
    await rows.update(r4.id, { status: 'invalid' });
    await rows.update(r5.id, { amountMinor: null });
    await rows.update(r6.id, { fields: null });
    const earlier = await factory.createFromImport(
      await storePayrollImport(dataSource, ['1.00'], maker.name),
      maker,
    );
    const [paid] = await paymentsOf(earlier.id);
    await rows.update(r8.id, { dedupeKey: paid.dedupeKey });
    const now = new Date('2026-12-05T10:11:12.345Z');

    const batch = await factory.createFromImport(importId, maker, now, 2);

    const payments = await paymentsOf(batch.id);
    expect(
      payments.map((p) => ({
        importRowId: p.importRowId,
        rowNumber: p.rowNumber,
        dedupeKey: p.dedupeKey,
        externalRef: p.externalRef,
        fullName: p.fullName,
        phone: p.phone,
        currency: p.currency,
        amountMinor: p.amountMinor,
        method: p.method,
        provider: p.provider,
      })),
    ).toEqual([
      {
        importRowId: r2.id,
        rowNumber: 2,
        dedupeKey: r2.dedupeKey,
        externalRef: 'E-É"1',
        fullName: 'Ngozi "Kollie"',
        phone: '231886000001',
        currency: 'USD',
        amountMinor: 1_000n,
        method: 'ORANGE_MONEY_LBR',
        provider: 'PAWAPAY',
      },
      {
        importRowId: r3.id,
        rowNumber: 3,
        dedupeKey: r3.dedupeKey,
        externalRef: '231886000002',
        fullName: '',
        phone: '231886000002',
        currency: 'USD',
        amountMinor: 2_000n,
        method: '',
        provider: null,
      },
      {
        importRowId: r6.id,
        rowNumber: 6,
        dedupeKey: r6.dedupeKey,
        externalRef: '',
        fullName: '',
        phone: '',
        currency: 'USD',
        amountMinor: 5_000n,
        method: null,
        provider: null,
      },
      expect.objectContaining({ rowNumber: 7, amountMinor: 6_000n }),
    ]);
    for (const p of payments) {
      expect(p).toMatchObject({
        batchId: batch.id,
        status: 'PENDING',
        attemptCount: 0,
        feeMinor: null,
        payerAmountMinor: null,
        payeeAmountMinor: null,
        preflightAt: null,
        reason: null,
        payeeId: null,
        paymentAccountId: null,
        leaseOwner: null,
        leaseExpiresAt: null,
        nextCheckAt: null,
        completedAt: null,
        stuckAt: null,
        referenceId: null,
        statusChangedAt: now,
      });
    }
  });

  it('writes nothing when a later page fails: one transaction, no half-made batch', async () => {
    const importId = await storePayrollImport(
      dataSource,
      ['1.00', '2.00', '3.00', '4.00', '5.00'],
      maker.name,
    );
    watchTransactions(2);

    await expect(factory.createFromImport(importId, maker, new Date(), 2)).rejects.toThrow(
      'the database went away',
    );

    expect(await dataSource.getRepository(BatchEntity).findOneBy({ importId })).toBeNull();
    const rowIds = (await dataSource.getRepository(ImportRowEntity).findBy({ importId })).map(
      (r) => r.id,
    );
    const orphans = await dataSource
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .where('p.import_row_id IN (:...rowIds)', { rowIds })
      .getCount();
    expect(orphans).toBe(0);
    const batch = await factory.createFromImport(importId, maker, new Date(), 2);
    expect((await paymentsOf(batch.id)).map((p) => p.amountMinor)).toEqual([
      100n,
      200n,
      300n,
      400n,
      500n,
    ]);
  });
});
