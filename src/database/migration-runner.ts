import type { DataSource, Migration } from 'typeorm';

const MYSQL_LOCK = 'dollr_connector_migrations';
const LOCK_WAIT_SECONDS = 120;

/**
 * Runs `work` while holding a server-wide lock on MySQL/MariaDB, so replicas starting together
 * migrate one after the other. SQLite serialises writers by itself.
 */
async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'mysql') return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [
      MYSQL_LOCK,
      LOCK_WAIT_SECONDS,
    ])) as { acquired: number | string | null }[];
    if (Number(row?.acquired) !== 1) {
      throw new Error(
        `another process held the migration lock for more than ${LOCK_WAIT_SECONDS} s`,
      );
    }
    try {
      return await work();
    } finally {
      await runner.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** Applies every pending migration; returns the names applied (empty when already current). */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const applied: Migration[] = await withMigrationLock(dataSource, () =>
    dataSource.runMigrations({ transaction: 'each' }),
  );
  return applied.map((m) => m.name);
}

/** Reverts the most recent migration; returns its name, or null when none was applied. */
export async function revertLastMigration(dataSource: DataSource): Promise<string | null> {
  return withMigrationLock(dataSource, async () => {
    const before = await appliedMigrationNames(dataSource);
    if (before.length === 0) return null;
    await dataSource.undoLastMigration({ transaction: 'each' });
    return before[before.length - 1] ?? null;
  });
}

/** Names of applied migrations, oldest first. */
export async function appliedMigrationNames(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const runner = dataSource.createQueryRunner();
  try {
    if (!(await runner.hasTable(table))) return [];
    const rows = (await runner.query(
      `SELECT name FROM ${dataSource.driver.escape(table)} ORDER BY timestamp ASC, id ASC`,
    )) as { name: string }[];
    return rows.map((r) => r.name);
  } finally {
    await runner.release();
  }
}

/** Names of migrations known to the code but not applied to the database. */
export async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  const applied = new Set(await appliedMigrationNames(dataSource));
  return dataSource.migrations
    .map((m) => m.name ?? m.constructor.name)
    .filter((n) => !applied.has(n));
}
