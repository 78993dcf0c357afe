import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { runPendingMigrations } from '../../src/database/migration-runner';
import { createTestDatabase, type TestDatabase } from './test-database';

/**
 * A fresh database for one spec file with every migration applied, opened in this process: for
 * in-process specs of services that read and write through TypeORM (no CLI, no Nest).
 */
export interface MigratedDatabase {
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  close(): Promise<void>;
}

export async function openMigratedDatabase(): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(database.url)));
  await dataSource.initialize();
  await runPendingMigrations(dataSource);
  return {
    database,
    dataSource,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
