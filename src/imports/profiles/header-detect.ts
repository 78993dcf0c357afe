import type { ImportField } from '../import.types';
import { headerKey, headerKeys } from './header-key';
import type { ImportProfile, NetAmountRule } from './profile.types';
import { fieldsOf, requiredColumns } from './profile.validate';

/** A field read from several of the file's columns into a cell past its own (`column`). */
export type ComposedColumn =
  | {
      readonly field: 'full_name';
      readonly column: number;
      readonly label: string;
      readonly join: readonly number[];
    }
  | {
      readonly field: 'amount';
      readonly column: number;
      readonly label: string;
      readonly debit: number;
      readonly credit: number;
      readonly amountIs: NetAmountRule;
    };

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
  /** Fields composed of several columns; `columns` points them at their composed cell. */
  readonly composed?: readonly ComposedColumn[];
}

/** A part of a composed field: `full_name#0` (first name), `amount#debit`. */
type PartSlot = `full_name#${number}` | 'amount#debit' | 'amount#credit';
type Slot = ImportField | PartSlot;

export type AliasIndex = ReadonlyMap<string, Slot>;

export function aliasIndex(profile: ImportProfile): AliasIndex {
  const index = new Map<string, Slot>();
  for (const field of fieldsOf(profile.type)) {
    for (const alias of profile.columns[field] ?? []) index.set(headerKey(alias), field);
  }
  profile.composed.full_name?.join.forEach((aliases, i) => {
    for (const alias of aliases) index.set(headerKey(alias), `full_name#${i}`);
  });
  const net = profile.composed.amount;
  for (const alias of net?.debit ?? []) index.set(headerKey(alias), 'amount#debit');
  for (const alias of net?.credit ?? []) index.set(headerKey(alias), 'amount#credit');
  return index;
}

/** The header of a column as people know it: the file's, or a composed field's label. */
export function columnLabel(map: ColumnMap, column: number): string | undefined {
  return map.headers[column] ?? map.composed?.find((c) => c.column === column)?.label;
}

/**
 * The composed fields whose every part the header has, each given a cell after the file's own;
 * a part missing leaves its field unmapped (and named as missing when it is required).
 */
function composeColumns(
  headers: readonly string[],
  parts: ReadonlyMap<PartSlot, number>,
  profile: ImportProfile,
  columns: Partial<Record<ImportField, number>>,
): ComposedColumn[] {
  const composed: ComposedColumn[] = [];
  const name = (column: number): string => headers[column]?.trim() ?? '';
  let next = headers.length;
  const join = profile.composed.full_name?.join.map((_, i) => parts.get(`full_name#${i}`));
  if (join !== undefined && join.every((c) => c !== undefined)) {
    composed.push({
      field: 'full_name',
      column: next,
      label: join.map(name).join(' + '),
      join,
    });
    columns.full_name = next++;
  }
  const net = profile.composed.amount;
  const debit = parts.get('amount#debit');
  const credit = parts.get('amount#credit');
  if (net !== undefined && debit !== undefined && credit !== undefined) {
    const [plus, minus] = net.amountIs === 'debit-minus-credit' ? [debit, credit] : [credit, debit];
    composed.push({
      field: 'amount',
      column: next,
      label: `${name(plus)} − ${name(minus)}`,
      debit,
      credit,
      amountIs: net.amountIs,
    });
    columns.amount = next;
  }
  return composed;
}

interface HeaderMatch {
  readonly columns: Partial<Record<ImportField, number>>;
  readonly alternates: Partial<Record<ImportField, number[]>>;
  readonly parts: Map<PartSlot, number>;
}

/** The fields a row's cells name: each at its first column, and the further columns naming it. */
function matchAllHeaderCells(cells: readonly string[], index: AliasIndex): HeaderMatch {
  const columns: Partial<Record<ImportField, number>> = {};
  const alternates: Partial<Record<ImportField, number[]>> = {};
  const parts = new Map<PartSlot, number>();
  cells.forEach((cell, column) => {
    for (const key of headerKeys(cell)) {
      const slot = index.get(key);
      if (slot === undefined) continue;
      if (slot.includes('#')) {
        if (!parts.has(slot as PartSlot)) parts.set(slot as PartSlot, column);
      } else if (columns[slot as ImportField] === undefined) columns[slot as ImportField] = column;
      else (alternates[slot as ImportField] ??= []).push(column);
      break;
    }
  });
  return { columns, alternates, parts };
}

/** How many of the profile's names a row has: a header has several. */
function matchCount(match: HeaderMatch): number {
  return Object.keys(match.columns).length + match.parts.size;
}

/** Fewest matched columns for a row to be taken as the header rather than a title row. */
const MIN_HEADER_MATCHES = 3;

/**
 * The row's columns if it is the header row, else null. `force` takes the row as the header
 * whatever it matches (the profile names its header row).
 */
export function detectHeaderRow(
  rowNumber: number,
  cells: readonly string[],
  index: AliasIndex,
  profile: ImportProfile,
  force = false,
): ColumnMap | null {
  const match = matchAllHeaderCells(cells, index);
  if (!force && matchCount(match) < MIN_HEADER_MATCHES) return null;
  return mapOf(rowNumber, cells, match, profile);
}

/** The row's columns and how many names it matched, for a header that lacks some. */
export function partialHeader(
  rowNumber: number,
  cells: readonly string[],
  index: AliasIndex,
  profile: ImportProfile,
): { map: ColumnMap; matched: number } {
  const match = matchAllHeaderCells(cells, index);
  return { map: mapOf(rowNumber, cells, match, profile), matched: matchCount(match) };
}

function mapOf(
  rowNumber: number,
  cells: readonly string[],
  match: HeaderMatch,
  profile: ImportProfile,
): ColumnMap {
  const columns = { ...match.columns };
  const composed = composeColumns(cells, match.parts, profile, columns);
  return {
    headerRow: rowNumber,
    headers: cells,
    columns,
    alternates: match.alternates,
    ...(composed.length > 0 ? { composed } : {}),
  };
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
  const quoted = (aliases: readonly string[]): string => `"${aliases[0] ?? ''}"`;
  if (field === 'full_name' && profile.composed.full_name !== undefined) {
    return `full_name (joined from ${profile.composed.full_name.join.map(quoted).join(' + ')})`;
  }
  if (field === 'amount' && profile.composed.amount !== undefined) {
    const net = profile.composed.amount;
    return `amount (from ${quoted(net.debit)} and ${quoted(net.credit)}, ${net.amountIs})`;
  }
  const examples = (profile.columns[field] ?? []).slice(0, 3).map((a) => `"${a}"`);
  return examples.length > 0 ? `${field} (e.g. ${examples.join(', ')})` : field;
}
