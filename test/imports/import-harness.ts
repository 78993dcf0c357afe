import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DatabaseService } from '../../src/database/database.service';
import { ErrorReportService } from '../../src/imports/error-report';
import { ImportQueries } from '../../src/imports/import.queries';
import { type ImportRequest, ImportService } from '../../src/imports/import.service';
import { ImportStore } from '../../src/imports/import.store';
import { AuditLog } from '../../src/auth/audit-log.service';
import { OriginalFileStore } from '../../src/imports/original-files';
import { testConfig } from '../support/test-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The import services on a fresh, migrated-on-demand database, without Nest. */
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
  const config = testConfig(db.url, {
    DATA_DIR: mkdtempSync(join(tmpdir(), 'dollr-connector-data-')),
  });
  const dataSource = new DataSource(buildDataSourceOptions(config.database));
  const database = new DatabaseService(dataSource, config);
  const store = new ImportStore(database);
  return {
    db,
    dataSource,
    store,
    service: new ImportService(
      store,
      new AuditLog(dataSource),
      config,
      new OriginalFileStore(config),
    ),
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
