import { Logger } from '@nestjs/common';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import { testConfig } from '../../test/support/test-config';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { BatchFactory } from '../batches/batch-factory';
import { BatchEntity } from '../batches/entities/batch.entity';
import type { DatabaseService } from '../database/database.service';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportEntity } from '../imports/entities/import.entity';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { IntakeService } from './intake.service';

const maker: Actor = { name: 'ama.mensah', role: 'maker', keyId: 1 };

let db: MigratedDatabase;
let intake: IntakeService;
let factory: BatchFactory;
let pendingMigrations: string[] = [];
let nextRef = 1;

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
async function storedImport(valid: number): Promise<number> {
  const imports = db.dataSource.getRepository(ImportEntity);
  const stored = await imports.save(
    imports.create({
      kind: 'payables',
      status: 'imported',
      fileName: 'payroll.csv',
      fileSha256: `sha-${nextRef}-${Math.random()}`,
      fileFormat: 'csv',
      fileSize: 100,
      profile: 'payroll',
      relationshipType: 'EMPLOYEE',
      sheet: null,
      sheetState: null,
      headerRow: 1,
      headers: ['employee_id', 'full_name', 'phone', 'amount'],
      country: 'LR',
      currency: 'USD',
      createdBy: maker.name,
      createdAt: new Date(),
      rowCount: Math.max(valid, 1),
      validCount: valid,
      invalidCount: valid === 0 ? 1 : 0,
      duplicateCount: 0,
      skippedCount: 0,
      period: '2026-11',
      periodFrom: null,
      invoiceCount: null,
    }),
  );
  const rows = db.dataSource.getRepository(ImportRowEntity);
  for (let i = 0; i < valid; i += 1) {
    const ref = `EMP-${nextRef++}`;
    await rows.save(
      rows.create({
        importId: stored.id,
        rowNumber: i + 2,
        status: 'valid',
        raw: [ref, 'Payee', '+231770000001', '10.00'],
        fields: { external_ref: ref, full_name: 'Payee', phone: '+231770000001', amount: '10.00' },
        currency: 'USD',
        amountMinor: 1_000n,
        errors: [],
        warnings: [],
        dedupeKey: `EMPLOYEE:${ref}:2026-11`,
        duplicateOfImportId: null,
        duplicateOfRow: null,
      }),
    );
  }
  return stored.id;
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
