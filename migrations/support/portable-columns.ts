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
