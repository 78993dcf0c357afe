import type { CurrencyCode } from '../money/currency';
import type { PeriodSource } from './normalise/period';

export type ImportKind = 'payables' | 'receivables';
export const IMPORT_KINDS: readonly ImportKind[] = ['payables', 'receivables'];

export const PAYABLE_FIELDS = [
  'external_ref',
  'full_name',
  'phone',
  'email',
  'country_code',
  'amount',
  'currency',
  'method',
  'period',
  'reference',
  'note',
] as const;

export const RECEIVABLE_FIELDS = [
  'invoice_number',
  'external_ref',
  'full_name',
  'phone',
  'email',
  'country_code',
  'item',
  'qty',
  'unit_price',
  'currency',
  'due_date',
  'fee_bearer',
  'note',
] as const;

export type PayableField = (typeof PAYABLE_FIELDS)[number];
export type ReceivableField = (typeof RECEIVABLE_FIELDS)[number];
export type ImportField = PayableField | ReceivableField;

/** Normalised fields of a row; receivables also carry `amount`, the line total (qty × unit price). */
export type RowFields = Partial<Record<ImportField | 'amount', string | null>>;

export type RowStatus = 'valid' | 'invalid' | 'duplicate' | 'skipped';
export const ROW_STATUSES: readonly RowStatus[] = ['valid', 'invalid', 'duplicate', 'skipped'];

/** One problem with one cell: the column header as written in the file, the cell, and the rule. */
export interface RowIssue {
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

/** Where the first occurrence of a duplicate is: this file (importId null while importing) or an earlier import. */
export interface DuplicatePointer {
  readonly importId: number | null;
  readonly row: number;
}

/** A data row after mapping, normalisation, validation and duplicate checks. */
export interface ProcessedRow {
  readonly rowNumber: number;
  status: RowStatus;
  readonly raw: readonly string[];
  readonly fields: RowFields | null;
  readonly currency: CurrencyCode | null;
  readonly amountMinor: bigint | null;
  readonly errors: RowIssue[];
  readonly warnings: RowIssue[];
  /** Looked up in the rows stored before (earlier imports, this file); set only on valid rows. */
  readonly dedupeKey: string | null;
  duplicateOf: DuplicatePointer | null;
  /**
   * When an earlier row of the file has the same phone: that row, until the row's page is
   * checked against the stored rows (never stored).
   */
  phoneFirstSeen: { readonly row: number; readonly column: string } | null;
}

/**
 * A processed row as it goes to the database: its cells and fields already JSON, as stored, so
 * that the thread reading the file does that work, not the one writing to the database.
 */
export interface StorableRow extends Omit<ProcessedRow, 'raw' | 'fields'> {
  /** The cells as read, JSON. */
  readonly raw: string;
  /** The normalised fields, JSON; null for a skipped row. */
  readonly fields: string | null;
  /** The invoice number in lower case (receivables), which its lines are counted by. */
  readonly invoice: string | null;
}

/** The pay period an import's payments share (null when they differ), and where it came from. */
export interface PeriodOfImport {
  readonly period: string | null;
  readonly periodFrom: PeriodSource | 'column' | null;
}

/** The summary the CLI (--json) and `POST /imports` return. Field names are part of the contract. */
export interface ImportSummary extends PeriodOfImport {
  readonly importId: number | null;
  readonly status: 'imported' | 'dry-run';
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  readonly skipped: number;
  readonly totals: { currency: CurrencyCode; amount: string }[];
  /** Valid invoices (receivables); null for payables. */
  readonly invoices: number | null;
  /** What concerns the whole file, for people (e.g. that no pay period was found in it). */
  readonly warnings: string[];
  /** The worksheet read (workbooks; null for CSV) and the row its header was found on. */
  readonly sheet: string | null;
  readonly headerRow: number;
}

/** The summary with the batch the import became (null for a dry run or nothing to pay). */
export interface ImportResult extends ImportSummary {
  readonly batchId: number | null;
}
