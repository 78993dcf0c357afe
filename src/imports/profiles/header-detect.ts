import type { ImportField } from '../import.types';
import { headerKey, headerKeys } from './header-key';
import type { ImportProfile } from './profile.types';
import { fieldsOf, requiredColumns } from './profile.validate';

/** Where each field is in the file, found from its header row. */
export interface ColumnMap {
  /** The row number of the header as the user sees it. */
  readonly headerRow: number;
  /** The header cells as written. */
  readonly headers: readonly string[];
  /** Column index (0-based) of each mapped field. */
  readonly columns: Readonly<Partial<Record<ImportField, number>>>;
  /**
   * Further columns whose header names the same field (two "Phone" columns): a row whose first
   * one is blank is read from the first of these that is not.
   */
  readonly alternates?: Readonly<Partial<Record<ImportField, readonly number[]>>>;
}

export type AliasIndex = ReadonlyMap<string, ImportField>;

export function aliasIndex(profile: ImportProfile): AliasIndex {
  const index = new Map<string, ImportField>();
  for (const field of fieldsOf(profile.type)) {
    for (const alias of profile.columns[field] ?? []) index.set(headerKey(alias), field);
  }
  return index;
}

/** The fields a row's cells name, each at its first column. */
export function matchHeaderCells(
  cells: readonly string[],
  index: AliasIndex,
): Partial<Record<ImportField, number>> {
  return matchAllHeaderCells(cells, index).columns;
}

/** The fields a row's cells name: each at its first column, and the further columns naming it. */
function matchAllHeaderCells(
  cells: readonly string[],
  index: AliasIndex,
): {
  columns: Partial<Record<ImportField, number>>;
  alternates: Partial<Record<ImportField, number[]>>;
} {
  const columns: Partial<Record<ImportField, number>> = {};
  const alternates: Partial<Record<ImportField, number[]>> = {};
  cells.forEach((cell, column) => {
    for (const key of headerKeys(cell)) {
      const field = index.get(key);
      if (field === undefined) continue;
      if (columns[field] === undefined) columns[field] = column;
      else (alternates[field] ??= []).push(column);
      break;
    }
  });
  return { columns, alternates };
}

/** Fewest matched columns for a row to be taken as the header rather than a title row. */
const MIN_HEADER_MATCHES = 3;

/** The row's columns if it is the header row, else null. */
export function detectHeaderRow(
  rowNumber: number,
  cells: readonly string[],
  index: AliasIndex,
): ColumnMap | null {
  const { columns, alternates } = matchAllHeaderCells(cells, index);
  if (Object.keys(columns).length < MIN_HEADER_MATCHES) return null;
  return { headerRow: rowNumber, headers: cells, columns, alternates };
}

/** Required fields the header lacks, as groups ("phone" or "email"); empty when complete. */
export function missingColumns(map: ColumnMap, profile: ImportProfile): ImportField[][] {
  const required = requiredColumns(profile.type);
  const missing: ImportField[][] = required.all
    .filter((field) => map.columns[field] === undefined)
    .map((field) => [field]);
  for (const group of required.anyOf) {
    if (group.every((field) => map.columns[field] === undefined)) missing.push(group);
  }
  return missing;
}

/** "phone (e.g. "Mobile Number", "MSISDN", "Phone")" for messages. */
export function describeField(field: ImportField, profile: ImportProfile): string {
  const examples = (profile.columns[field] ?? []).slice(0, 3).map((a) => `"${a}"`);
  return examples.length > 0 ? `${field} (e.g. ${examples.join(', ')})` : field;
}
