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
 * A batch of rows as one flat array, ROW_SLOTS values a row: copying it between threads costs
 * about half as much as copying the row objects (each object's keys are copied with it).
 */
export type PackedRows = unknown[];

const ROW_SLOTS = 12;

export function packRows(rows: readonly StorableRow[]): PackedRows {
  const packed = new Array<unknown>(rows.length * ROW_SLOTS);
  let at = 0;
  for (const row of rows) {
    packed[at] = row.rowNumber;
    packed[at + 1] = row.status;
    packed[at + 2] = row.raw;
    packed[at + 3] = row.fields;
    packed[at + 4] = row.invoice;
    packed[at + 5] = row.currency;
    packed[at + 6] = row.amountMinor;
    packed[at + 7] = row.dedupeKey;
    packed[at + 8] = row.errors.length === 0 ? null : row.errors;
    packed[at + 9] = row.warnings.length === 0 ? null : row.warnings;
    packed[at + 10] = row.duplicateOf;
    packed[at + 11] = row.phoneFirstSeen;
    at += ROW_SLOTS;
  }
  return packed;
}

export function unpackRows(packed: PackedRows): StorableRow[] {
  const rows = new Array<StorableRow>(packed.length / ROW_SLOTS);
  for (let i = 0, at = 0; i < rows.length; i += 1, at += ROW_SLOTS) {
    rows[i] = {
      rowNumber: packed[at] as number,
      status: packed[at + 1] as RowStatus,
      raw: packed[at + 2] as string,
      fields: packed[at + 3] as string | null,
      invoice: packed[at + 4] as string | null,
      currency: packed[at + 5] as CurrencyCode | null,
      amountMinor: packed[at + 6] as bigint | null,
      dedupeKey: packed[at + 7] as string | null,
      errors: (packed[at + 8] as RowIssue[] | null) ?? [],
      warnings: (packed[at + 9] as RowIssue[] | null) ?? [],
      duplicateOf: packed[at + 10] as DuplicatePointer | null,
      phoneFirstSeen: packed[at + 11] as StorableRow['phoneFirstSeen'],
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
