import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { readSum, sumAsTextSql } from '../src/database/money-sql';
import {
  appliedMigrationNames,
  pendingMigrationNames,
  revertLastMigration,
  runPendingMigrations,
} from '../src/database/migration-runner';
import { ImportRowEntity } from '../src/imports/entities/import-row.entity';
import { ImportTotalEntity } from '../src/imports/entities/import-total.entity';
import { ImportEntity } from '../src/imports/entities/import.entity';
import { fromMinorUnits, toMinorUnits } from '../src/money/amount';
import { parseDatabaseUrl } from '../src/config/database-url';
import {
  createTestDatabase,
  expectedDatabaseType,
  type TestDatabase,
} from './support/test-database';

const TABLES = [
  'imports',
  'import_totals',
  'import_rows',
  'payees',
  'payment_accounts',
  'batches',
  'batch_approvals',
  'payments',
  'payment_attempts',
  'api_keys',
  'audit_events',
];

describe('database (on the database named by TEST_DATABASE_URL, else SQLite)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  async function existingTables(): Promise<string[]> {
    const runner = dataSource.createQueryRunner();
    try {
      const found: string[] = [];
      for (const table of TABLES) if (await runner.hasTable(table)) found.push(table);
      return found;
    } finally {
      await runner.release();
    }
  }

  it('runs on the expected engine, so no MySQL test silently runs on SQLite', () => {
    expect(db.type).toBe(expectedDatabaseType());
    expect(dataSource.options.type).toBe(db.type === 'mysql' ? 'mysql' : 'better-sqlite3');
  });

  it('runs every migration up, then down, then up again', async () => {
    const all = MIGRATIONS.map((m) => m.name);
    expect(await runPendingMigrations(dataSource)).toEqual(all);
    expect(await pendingMigrationNames(dataSource)).toEqual([]);
    expect(await appliedMigrationNames(dataSource)).toEqual(all);
    expect(await existingTables()).toEqual(TABLES);

    for (const name of [...all].reverse()) {
      expect(await revertLastMigration(dataSource)).toBe(name);
    }
    expect(await revertLastMigration(dataSource)).toBeNull();
    expect(await appliedMigrationNames(dataSource)).toEqual([]);
    expect(await existingTables()).toEqual([]);

    expect(await runPendingMigrations(dataSource)).toEqual(all);
    expect(await runPendingMigrations(dataSource)).toEqual([]);
  });

  describe('money and time', () => {
    let importId: number;

    beforeAll(async () => {
      await runPendingMigrations(dataSource);
      const saved = await dataSource.getRepository(ImportEntity).save({
        kind: 'payables',
        status: 'imported',
        fileName: 'payroll.csv',
        fileSha256: 'a'.repeat(64),
        fileFormat: 'csv',
        fileSize: 10,
        profile: 'payroll',
        relationshipType: 'EMPLOYEE',
        sheet: null,
        headerRow: 1,
        headers: ['Amount'],
        country: null,
        currency: null,
        createdBy: 'test',
        createdAt: new Date('2026-01-31T23:59:59.123Z'),
      });
      importId = saved.id;
    });

    async function storeRows(rows: { amount: string; currency: 'USD' | 'RWF' }[]): Promise<void> {
      const repo = dataSource.getRepository(ImportRowEntity);
      const start = (await repo.count()) + 1;
      await repo.save(
        rows.map((row, i) => ({
          importId,
          rowNumber: start + i,
          status: 'valid' as const,
          raw: [row.amount],
          fields: { amount: row.amount },
          currency: row.currency,
          amountMinor: toMinorUnits(row.amount, row.currency),
          errors: [],
          warnings: [],
          dedupeKey: null,
          duplicateOfImportId: null,
          duplicateOfRow: null,
        })),
      );
    }

    async function sumOf(currency: string): Promise<bigint> {
      const row = await dataSource
        .getRepository(ImportRowEntity)
        .createQueryBuilder('r')
        .select(sumAsTextSql(dataSource, 'r.amount_minor'), 'total')
        .where('r.currency = :currency', { currency })
        .getRawOne<{ total: unknown }>();
      return readSum(row?.total);
    }

    it('stores and sums 0.10 + 0.20 exactly', async () => {
      await storeRows([
        { amount: '0.10', currency: 'USD' },
        { amount: '0.20', currency: 'USD' },
      ]);
      expect(fromMinorUnits(await sumOf('USD'), 'USD')).toBe('0.30');
    });

    it('stores 9,999,999,999.99 and sums large amounts without losing a cent', async () => {
      await storeRows([
        { amount: '9999999999.99', currency: 'USD' },
        { amount: '9999999999.99', currency: 'USD' },
        { amount: '0.01', currency: 'USD' },
      ]);
      const rows = await dataSource
        .getRepository(ImportRowEntity)
        .find({ where: { importId }, order: { rowNumber: 'ASC' } });
      const large = rows.find((r) => r.fields?.amount === '9999999999.99');
      expect(large?.amountMinor).toBe(999999999999n);
      expect(fromMinorUnits(large?.amountMinor ?? 0n, 'USD')).toBe('9999999999.99');
      expect(fromMinorUnits(await sumOf('USD'), 'USD')).toBe('20000000000.29');
    });

    it('keeps whole-number currencies whole', async () => {
      await storeRows([
        { amount: '1500', currency: 'RWF' },
        { amount: '2500', currency: 'RWF' },
      ]);
      expect(fromMinorUnits(await sumOf('RWF'), 'RWF')).toBe('4000');
    });

    it('round-trips totals stored as BIGINT', async () => {
      const repo = dataSource.getRepository(ImportTotalEntity);
      await repo.save({ importId, currency: 'USD', amountMinor: 999999999999n });
      const total = await repo.findOneByOrFail({ importId, currency: 'USD' });
      expect(total.amountMinor).toBe(999999999999n);
      expect(typeof total.amountMinor).toBe('bigint');
    });

    it('stores times in UTC and reads back the same instant', async () => {
      const read = await dataSource.getRepository(ImportEntity).findOneByOrFail({ id: importId });
      expect(read.createdAt.toISOString()).toBe('2026-01-31T23:59:59.123Z');
    });
  });
});
