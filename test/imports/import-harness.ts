import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import type { DatabaseService } from '../../src/database/database.service';
import { runPendingMigrations } from '../../src/database/migration-runner';
import { ErrorReportService } from '../../src/imports/error-report';
import { ImportQueries } from '../../src/imports/import.queries';
import { type ImportRequest, ImportService } from '../../src/imports/import.service';
import { ImportStore } from '../../src/imports/import.store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Jest cannot load @nestjs/typeorm in process (its ES module calls createRequire(import.meta.url),
// which the CommonJS transform breaks), so DatabaseService is replaced by its two used methods.
jest.mock('../../src/database/database.service', () => ({ DatabaseService: class {} }));

/** The import services on a fresh database, without Nest. */
export interface ImportHarness {
  readonly db: TestDatabase;
  readonly dataSource: DataSource;
  readonly store: ImportStore;
  readonly service: ImportService;
  readonly queries: ImportQueries;
  readonly reports: ErrorReportService;
  close(): Promise<void>;
}

export async function createImportHarness(): Promise<ImportHarness> {
  const db = await createTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
  const connect = async (): Promise<DataSource> => {
    if (!dataSource.isInitialized) await dataSource.initialize();
    return dataSource;
  };
  const database = {
    connect,
    migrate: async () => runPendingMigrations(await connect()),
  } as unknown as DatabaseService;
  const store = new ImportStore(database);
  return {
    db,
    dataSource,
    store,
    service: new ImportService(store),
    queries: new ImportQueries(store),
    reports: new ErrorReportService(store),
    close: async () => {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    },
  };
}

export function request(path: string, changes: Partial<ImportRequest> = {}): ImportRequest {
  return {
    path,
    fileName: path.split('/').pop() ?? path,
    kind: 'payables',
    dryRun: false,
    createdBy: 'test',
    ...changes,
  };
}
