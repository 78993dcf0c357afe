import type { DataSource } from 'typeorm';
import { toBigInt } from './columns';

/**
 * `SUM(column)` as exact text: SQLite returns integer sums to better-sqlite3 as JS numbers and MySQL
 * returns DECIMAL strings, so the sum is cast to text on both and read back as a bigint.
 */
export function sumAsTextSql(dataSource: DataSource, expression: string): string {
  const textType = dataSource.options.type === 'mysql' ? 'CHAR' : 'TEXT';
  return `CAST(COALESCE(SUM(${expression}), 0) AS ${textType})`;
}

export function readSum(value: unknown): bigint {
  return value === null || value === undefined ? 0n : toBigInt(value);
}
