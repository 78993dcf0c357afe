import type BetterSqlite3 from 'better-sqlite3';
import type { DataSource } from 'typeorm';

/**
 * Runs one SELECT many times with different parameters (one page of a keyset scan each time).
 * Rows come back as arrays of the selected columns, in order.
 */
export type PageQuery = (parameters: readonly unknown[]) => Promise<unknown[][]>;

/**
 * A page query: on SQLite a better-sqlite3 statement prepared once, returning arrays (objects
 * with two dozen named keys cost three times as much to build as the rows cost to read); on
 * MySQL/MariaDB TypeORM's query(), whose rows keep the selected columns in order.
 */
export function pageQuery(dataSource: DataSource, sql: string): PageQuery {
  if (dataSource.options.type !== 'better-sqlite3') {
    return async (parameters) =>
      (await dataSource.query<Record<string, unknown>[]>(sql, [...parameters])).map((row) =>
        Object.values(row),
      );
  }
  const connection = (
    dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database }
  ).databaseConnection;
  const statement = connection.prepare(sql).raw(true);
  return (parameters) => Promise.resolve(statement.all(...parameters) as unknown[][]);
}
