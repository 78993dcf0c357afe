import { AppError } from '../../common/app-error';
import { ImportError, type ImportErrorCode } from '../import.errors';
import type { CurrencyCode } from '../../money/currency';
import type { DuplicatePointer, RowIssue, RowStatus, StorableRow } from '../import.types';
import type { RowsRead } from './read-rows';

/** Batches the reader may post before the main thread has taken them (bounds the memory held). */
export const READ_AHEAD_BATCHES = 8;

/** Why reading stopped, as plain data that crosses threads. */
export interface ReadFailure {
  readonly name: string;
  readonly code: string | null;
  readonly message: string;
  readonly details: unknown;
  readonly stack: string | undefined;
}

/** What the reading thread posts. The main thread answers each `rows` with a message for more. */
export type FromReader =
  | { readonly kind: 'rows'; readonly rows: PackedRows }
  | { readonly kind: 'read'; readonly read: RowsRead }
  | { readonly kind: 'failed'; readonly failure: ReadFailure };

/**
 * A batch of rows as one string: ROW_SLOTS texts a row, each ended by SEPARATOR. Copying one
 * string between threads costs a fraction of copying row objects or arrays of strings (each
 * string and each key is copied on its own). The separator cannot occur in a slot: the cells and
 * fields are JSON, in which control characters are always escaped, user text outside them (the
 * invoice number, the duplicate key) is JSON-encoded, and the rest are numbers and codes.
 */
export type PackedRows = string;

const SEPARATOR = '\u0001';
const ROW_SLOTS = 9;

/** What few rows have: issues, a duplicate pointer, an earlier row with the same phone. */
interface RowExtras {
  readonly errors: RowIssue[];
  readonly warnings: RowIssue[];
  readonly duplicateOf: DuplicatePointer | null;
  readonly phoneFirstSeen: StorableRow['phoneFirstSeen'];
}

function extrasOf(row: StorableRow): string {
  if (
    row.errors.length === 0 &&
    row.warnings.length === 0 &&
    row.duplicateOf === null &&
    row.phoneFirstSeen === null
  ) {
    return '';
  }
  const extras: RowExtras = {
    errors: row.errors,
    warnings: row.warnings,
    duplicateOf: row.duplicateOf,
    phoneFirstSeen: row.phoneFirstSeen,
  };
  return JSON.stringify(extras);
}

export function packRows(rows: readonly StorableRow[]): PackedRows {
  const slots = new Array<string>(rows.length * ROW_SLOTS + 1);
  let at = 0;
  for (const row of rows) {
    slots[at] = String(row.rowNumber);
    slots[at + 1] = row.status;
    slots[at + 2] = row.raw;
    slots[at + 3] = row.fields ?? '';
    slots[at + 4] = row.invoice === null ? '' : JSON.stringify(row.invoice);
    slots[at + 5] = row.currency ?? '';
    slots[at + 6] = row.amountMinor === null ? '' : row.amountMinor.toString();
    slots[at + 7] = row.dedupeKey === null ? '' : JSON.stringify(row.dedupeKey);
    slots[at + 8] = extrasOf(row);
    at += ROW_SLOTS;
  }
  slots[at] = '';
  return slots.join(SEPARATOR);
}

/**
 * The rows of a packed batch. Cells and fields stay slices of the batch's string (they are only
 * written to the database); what may be kept longer (keys, invoice numbers) is a copy.
 */
export function unpackRows(packed: PackedRows): StorableRow[] {
  const slots = packed.split(SEPARATOR);
  const rows = new Array<StorableRow>((slots.length - 1) / ROW_SLOTS);
  for (let i = 0, at = 0; i < rows.length; i += 1, at += ROW_SLOTS) {
    const text = (slot: number): string => slots[at + slot] ?? '';
    const extras = text(8) === '' ? null : (JSON.parse(text(8)) as RowExtras);
    rows[i] = {
      rowNumber: Number(text(0)),
      status: text(1) as RowStatus,
      raw: text(2),
      fields: text(3) === '' ? null : text(3),
      invoice: text(4) === '' ? null : (JSON.parse(text(4)) as string),
      currency: text(5) === '' ? null : (text(5) as CurrencyCode),
      amountMinor: text(6) === '' ? null : BigInt(text(6)),
      dedupeKey: text(7) === '' ? null : (JSON.parse(text(7)) as string),
      errors: extras?.errors ?? [],
      warnings: extras?.warnings ?? [],
      duplicateOf: extras?.duplicateOf ?? null,
      phoneFirstSeen: extras?.phoneFirstSeen ?? null,
    };
  }
  return rows;
}

export function describeFailure(error: unknown): ReadFailure {
  if (error instanceof AppError) {
    return {
      name: error.name,
      code: error.code,
      message: error.message,
      details: error.details,
      stack: error.stack,
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, code: null, message: e.message, details: null, stack: e.stack };
}

/** The error the reading thread stopped with, as thrown on the main thread. */
export function reviveFailure(failure: ReadFailure): Error {
  const error =
    failure.name === 'ImportError' && failure.code !== null
      ? new ImportError(failure.code as ImportErrorCode, failure.message, failure.details)
      : new Error(failure.message);
  if (failure.stack !== undefined) error.stack = failure.stack;
  return error;
}
