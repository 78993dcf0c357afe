import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column shapes that mean the same on MySQL/MariaDB and SQLite. Migrations are frozen once
 * released: change a helper only in ways that keep the DDL of earlier migrations the same.
 */

export function idColumn(name = 'id'): TableColumnOptions {
  return {
    name,
    type: 'integer',
    isPrimary: true,
    isGenerated: true,
    generationStrategy: 'increment',
  };
}

/** UTC time; millisecond precision on MySQL (SQLite keeps the text TypeORM writes). */
export function dateTimeColumn(
  queryRunner: QueryRunner,
  name: string,
  nullable = false,
): TableColumnOptions {
  const mysql = queryRunner.connection.driver.options.type === 'mysql';
  return { name, type: 'datetime', isNullable: nullable, ...(mysql ? { precision: 3 } : {}) };
}

/** Money in minor units of the row's currency. */
export function minorUnitsColumn(name: string, nullable = false): TableColumnOptions {
  return { name, type: 'bigint', isNullable: nullable };
}

/** Text of any length (JSON documents, messages). */
export function longTextColumn(
  queryRunner: QueryRunner,
  name: string,
  nullable = false,
): TableColumnOptions {
  const mysql = queryRunner.connection.driver.options.type === 'mysql';
  return { name, type: mysql ? 'mediumtext' : 'text', isNullable: nullable };
}

/**
 * Drops a plain (unindexed) column in place. TypeORM's dropColumn rebuilds a SQLite table (copy,
 * drop, rename), which fails with "FOREIGN KEY constraint failed" once other tables' rows point at
 * it; SQLite 3.35+ and MySQL/MariaDB both drop such a column with ALTER TABLE.
 */
export async function dropPlainColumn(
  queryRunner: QueryRunner,
  table: string,
  column: string,
): Promise<void> {
  const escape = (name: string): string => queryRunner.connection.driver.escape(name);
  await queryRunner.query(`ALTER TABLE ${escape(table)} DROP COLUMN ${escape(column)}`);
}
