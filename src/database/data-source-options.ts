import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import type { DatabaseTarget } from '../config/database-url';
import { join } from 'node:path';

/**
 * Every TypeORM entity, found where each feature keeps its own (`src/<feature>/entities/`), so
 * that this folder depends on none of them. A new entity needs only its file and its migration.
 */
export function entityFiles(): string[] {
  const extension = __filename.endsWith('.ts') ? 'ts' : 'js';
  return [join(__dirname, '..', '*', 'entities', `*.entity.${extension}`)];
}

/** TypeORM options for either database. `synchronize` is never on: the schema comes from migrations/. */
export function buildDataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    entities: entityFiles(),
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;

  if (target.type === 'sqlite') {
    const inMemory = target.path === ':memory:';
    return {
      ...common,
      type: 'better-sqlite3',
      database: target.path,
      enableWAL: !inMemory,
      // Waits up to 10 s for a lock held by another process (the service and a CLI command).
      timeout: 10_000,
    };
  }
  return {
    ...common,
    type: 'mysql',
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
    connectTimeout: 10_000,
    extra: { connectionLimit: 10 },
  };
}
