import Decimal from 'decimal.js';
import {
  type DecimalSeparator,
  parseAmountNumber,
  parseAmountText,
  type ParsedAmount,
} from '../../money/amount-input';
import type { RowIssue } from '../import.types';
import type { ColumnMap, ComposedColumn } from '../profiles/header-detect';
import { type Cell, cellText } from './cell';

/**
 * The row's cells with each composed field's cell added after the file's own: a name joined
 * from its parts, an amount as debit minus credit (or the reverse). A part that is not an amount,
 * or is negative, is an error naming its own column; the composed cell is then left blank.
 */
export function withComposedCells(
  cells: readonly Cell[],
  map: ColumnMap,
  separator: DecimalSeparator,
): { cells: readonly Cell[]; errors: RowIssue[] } {
  const composed = map.composed;
  if (composed === undefined) return { cells, errors: [] };
  const out: Cell[] = [...cells];
  const errors: RowIssue[] = [];
  for (const column of composed) {
    out[column.column] =
      column.field === 'full_name'
        ? joinedName(cells, column.join)
        : netAmount(cells, map, column, separator, errors);
  }
  return { cells: out, errors };
}

function joinedName(cells: readonly Cell[], columns: readonly number[]): string {
  return columns
    .map((column) => cellText(cells[column]).trim())
    .filter((part) => part !== '')
    .join(' ');
}

/** Exact to the last digit of any cell: the result's decimals are checked after, as a typed amount's. */
const Exact = Decimal.clone({ precision: 1e9 });

function netAmount(
  cells: readonly Cell[],
  map: ColumnMap,
  column: Extract<ComposedColumn, { field: 'amount' }>,
  separator: DecimalSeparator,
  errors: RowIssue[],
): string {
  const [plus, minus] =
    column.amountIs === 'debit-minus-credit'
      ? [column.debit, column.credit]
      : [column.credit, column.debit];
  const read = (index: number): ParsedAmount | null => {
    const cell = cells[index];
    if (cell === undefined || (typeof cell === 'string' && cell.trim() === '')) return null;
    const parsed =
      typeof cell === 'number' ? parseAmountNumber(cell) : parseAmountText(cell, separator);
    const problem = !parsed.ok
      ? parsed.message
      : parsed.value.startsWith('-')
        ? 'is negative: a debit or a credit is written as a positive amount, the side it is on says which way it goes'
        : null;
    if (problem === null) return parsed;
    errors.push({
      column: map.headers[index]?.trim() || `Column ${index + 1}`,
      value: cellText(cell).trim(),
      message: `${problem}, so the amount (${column.label}) cannot be worked out`,
    });
    return { ok: false, problem: 'not-positive', message: problem };
  };
  const added = read(plus);
  const taken = read(minus);
  if (added?.ok === false || taken?.ok === false) return '';
  if (added === null && taken === null) return '';
  const hints = [added, taken].flatMap((p) =>
    p?.ok === true && p.currencyHint ? [p.currencyHint] : [],
  );
  if (new Set(hints).size > 1) {
    errors.push({
      column: column.label,
      value: `${cellText(cells[plus])} / ${cellText(cells[minus])}`,
      message: 'names two currencies: both sides of the amount must be in one',
    });
    return '';
  }
  const value = (p: ParsedAmount | null): Decimal => new Exact(p?.ok === true ? p.value : '0');
  const net = value(added).minus(value(taken)).toFixed();
  const text = separator === ',' ? net.replace('.', ',') : net;
  return hints[0] === undefined ? text : `${hints[0]} ${text}`;
}
