import { Logger } from '@nestjs/common';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { storePayrollImport } from '../../test/support/stored-imports';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { BatchFactory } from '../batches/batch-factory';
import { BatchEntity } from '../batches/entities/batch.entity';
import type { DatabaseService } from '../database/database.service';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { IntakeService } from './intake.service';

const maker: Actor = { name: 'ama.mensah', role: 'maker', keyId: 1 };

let db: MigratedDatabase;
let intake: IntakeService;
let factory: BatchFactory;
let pendingMigrations: string[] = [];

beforeAll(async () => {
  Logger.overrideLogger(false);
  db = await openMigratedDatabase();
  const config = testConfig(db.database.url);
  factory = new BatchFactory(db.dataSource, config, new AuditLog(db.dataSource));
  const database = {
    status: () => Promise.resolve({ reachable: true, pendingMigrations }),
  } as unknown as DatabaseService;
  intake = new IntakeService(db.dataSource, database, factory);
});

afterAll(async () => {
  await db.close();
});

beforeEach(() => {
  pendingMigrations = [];
});

/** A stored payroll import with this many valid rows, as a process that died left it. */
function storedImport(valid: number): Promise<number> {
  return storePayrollImport(db.dataSource, Array<string>(valid).fill('10.00'), maker.name);
}

async function batchOf(importId: number): Promise<BatchEntity | null> {
  return db.dataSource.getRepository(BatchEntity).findOneBy({ importId });
}

describe('an import left without its batch', () => {
  it('gets it when the connector next starts, with one payment per valid row', async () => {
    const orphan = await storedImport(2);
    const empty = await storedImport(0);
    const done = await storedImport(1);
    await intake.batchFor(done, maker);

    const healed = await intake.healImportsWithoutBatch();

    expect(healed).toEqual([orphan]);
    const batch = await batchOf(orphan);
    expect(batch).toMatchObject({ status: 'DRAFT', createdBy: maker.name });
    expect(
      await db.dataSource.getRepository(PaymentEntity).countBy({ batchId: batch?.id ?? -1 }),
    ).toBe(2);
    expect(await batchOf(empty)).toBeNull();
    expect(await intake.healImportsWithoutBatch()).toEqual([]);
  });

  it('is left alone while the database still has migrations to run', async () => {
    const orphan = await storedImport(1);
    pendingMigrations = ['1799999999999-Next'];

    expect(await intake.healImportsWithoutBatch()).toEqual([]);
    expect(await batchOf(orphan)).toBeNull();
    pendingMigrations = [];
    expect(await intake.healImportsWithoutBatch()).toEqual([orphan]);
  });

  it('gets it when an operator asks, the same batch however often', async () => {
    const importId = await storedImport(1);

    const first = await intake.batchFor(importId, maker);
    const again = await intake.batchFor(importId, maker);

    expect(again.id).toBe(first.id);
  });

  it('is refused when it has no valid row or does not exist, naming why', async () => {
    const empty = await storedImport(0);

    await expect(intake.batchFor(empty, maker)).rejects.toMatchObject({
      code: 'NOTHING_TO_PAY',
      status: 409,
    });
    await expect(intake.batchFor(999_999, maker)).rejects.toMatchObject({
      code: 'IMPORT_NOT_FOUND',
      status: 404,
    });
  });

  it("finds the other process's batch when both made it at once", async () => {
    const importId = await storedImport(1);
    const other = await factory.createFromImport(importId, maker);
    const racing = new IntakeService(
      db.dataSource,
      {} as DatabaseService,
      Object.assign(Object.create(factory) as BatchFactory, {
        createFromImport: () => Promise.reject(new Error('UNIQUE constraint failed: batches')),
      }),
    );

    const found = await racing.batchIdForImport(
      { status: 'imported', importId, valid: 1 } as Parameters<
        IntakeService['batchIdForImport']
      >[0],
      maker,
    );

    expect(found).toBe(other.id);
  });
});
