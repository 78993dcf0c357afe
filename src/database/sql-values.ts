import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A value as the driver stores it in `entity.property`, for raw SQL parameters: better-sqlite3
 * cannot bind a Date, and datetime columns are compared as UTC text there.
 */
export function sqlValue<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  property: keyof T & string,
  value: unknown,
): unknown {
  const column = dataSource.getMetadata(entity).findColumnWithPropertyName(property);
  if (column === undefined) throw new Error(`no column for ${property}`);
  return dataSource.driver.preparePersistentValue(value, column);
}
