import type { CurrencyCode, MarketCode } from '../../money/currency';
import { parseAmountNumber, parseAmountText, type ParsedAmount } from '../../money/amount-input';
import type { ImportField, RowIssue } from '../import.types';
import { type Cell, cellText } from '../normalise/cell';
import type { FieldProblem } from '../normalise/fields';
import { type ColumnMap, columnLabel } from '../profiles/header-detect';
import type { ImportProfile } from '../profiles/profile.types';
import type { ImportPeriod } from '../normalise/period';

/** Options of one import that apply to every row. */
export interface RowOptions {
  readonly profile: ImportProfile;
  /** --country: for rows without a country of their own. */
  readonly country?: MarketCode;
  /** --currency: for rows without a currency of their own. */
  readonly currency?: CurrencyCode;
  /** --period (or the profile's): for payables that name neither a period nor a reference. */
  readonly period?: ImportPeriod;
  /** The name the user knows the file by: a period may be read from it. */
  readonly fileName: string;
  /** `YYYY-MM` of the day of the import: the period of last resort. */
  readonly importMonth: string;
}

/** How a field is named in messages when the file has no column for it. */
const FIELD_LABELS: Record<ImportField, string> = {
  external_ref: 'ID',
  full_name: 'Name',
  phone: 'Phone',
  email: 'Email',
  country_code: 'Country',
  amount: 'Amount',
  currency: 'Currency',
  method: 'Method',
  period: 'Period',
  reference: 'Reference',
  note: 'Note',
  invoice_number: 'Invoice number',
  item: 'Item',
  qty: 'Quantity',
  unit_price: 'Unit price',
  due_date: 'Due date',
  fee_bearer: 'Fee bearer',
};

function isBlank(cell: Cell | undefined): boolean {
  return cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

/** Reads a row's cells by field and collects its errors, each naming the column and value. */
export class RowReader {
  readonly errors: RowIssue[] = [];

  constructor(
    private readonly cells: readonly Cell[],
    private readonly map: ColumnMap,
  ) {}

  header(field: ImportField): string {
    const column = this.column(field);
    const header = column === undefined ? undefined : columnLabel(this.map, column);
    return header === undefined || header.trim() === '' ? FIELD_LABELS[field] : header.trim();
  }

  hasColumn(field: ImportField): boolean {
    return this.map.columns[field] !== undefined;
  }

  cell(field: ImportField): Cell {
    const column = this.column(field);
    return column === undefined ? '' : (this.cells[column] ?? '');
  }

  /** The field's column in this row: the first that names it, or a later one when that is blank. */
  private column(field: ImportField): number | undefined {
    const first = this.map.columns[field];
    const others = this.map.alternates?.[field];
    if (first === undefined || others === undefined || !isBlank(this.cells[first])) return first;
    return others.find((column) => !isBlank(this.cells[column])) ?? first;
  }

  text(field: ImportField): string {
    return cellText(this.cell(field));
  }

  fail(field: ImportField, message: string): null {
    this.errors.push({ column: this.header(field), value: this.text(field).trim(), message });
    return null;
  }

  /** The field's value, or null after recording its problem. */
  take<T>(field: ImportField, result: { ok: true; value: T } | FieldProblem): T | null {
    return result.ok ? result.value : this.fail(field, result.message);
  }

  amount(field: ImportField, options: RowOptions): ParsedAmount {
    const cell = this.cell(field);
    return typeof cell === 'number'
      ? parseAmountNumber(cell)
      : parseAmountText(cell, options.profile.decimalSeparator);
  }

  /** Phones from Excel number cells are read as their digits; decimals mean digits were lost. */
  phoneText(): string {
    const cell = this.cell('phone');
    return typeof cell === 'number' && Number.isSafeInteger(cell)
      ? cell.toFixed(0)
      : cellText(cell);
  }
}
