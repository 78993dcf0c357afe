import { createHash } from 'node:crypto';
import type { DuplicatePointer, ImportKind, RowFields } from './import.types';
import type { RelationshipType } from '../dollr/types/enums';

/**
 * Keys that say "this would be the same payment". A payable is the same when it pays the same
 * payee (their ID in the HR/ERP system, else their phone) for the same period and reference; a
 * receivable is the same invoice when it bills the same customer (their ID, else their phone,
 * email or name) under the same invoice number: two ERPs both number their invoices 1, 2, 3. The
 * key is stored on valid rows so later imports find them.
 */
export function dedupeKey(
  kind: ImportKind,
  relationship: RelationshipType,
  fields: RowFields,
): string | null {
  if (kind === 'receivables') {
    const invoice = fields.invoice_number;
    return invoice ? storable(['R', customerKey(fields), invoice.toLowerCase()].join('|')) : null;
  }
  const payee = fields.external_ref?.toLowerCase() ?? fields.phone ?? null;
  if (payee === null) return null;
  const period = (fields.period ?? '').toLowerCase();
  const reference = (fields.reference ?? '').toLowerCase();
  // join() gives a flat string: a template literal gives a tree of pieces, which as a key kept
  // for every row of a 200,000-row file costs about 100 bytes more each.
  return storable(['P', relationship, payee, period, reference].join('|'));
}

/** Who an invoice bills, as its key says it: the customer's ID, else phone, else email, else name. */
export function customerKey(fields: RowFields): string {
  const who = fields.external_ref || fields.phone || fields.email || fields.full_name || '';
  return who.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Within one file, an invoice line is a duplicate when the same line of its invoice appears
 * again.
 */
export function invoiceLineKey(fields: RowFields, storedKey: string): string {
  return [
    storedKey,
    fields.item?.toLowerCase(),
    fields.qty,
    fields.unit_price,
    fields.currency,
  ].join('|');
}

/** Keys fit the indexed column (191 characters, the utf8mb4 index limit); longer ones are hashed. */
export const MAX_KEY_LENGTH = 191;

function storable(key: string): string {
  return key.length <= MAX_KEY_LENGTH
    ? key
    : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** First occurrences of keys in the file being imported (invoice lines). */
export class FirstOccurrences {
  private readonly first = new Map<string, number>();

  /** The row number of the first occurrence, or undefined after recording this one as first. */
  seen(key: string, rowNumber: number): number | undefined {
    const first = this.first.get(key);
    if (first === undefined) this.first.set(key, rowNumber);
    return first;
  }
}

/** The warning on an invoice line whose invoice was imported before, naming that invoice. */
export function describeInvoiceDuplicate(pointer: DuplicatePointer, fields: RowFields): string {
  const customer = fields.full_name || fields.external_ref || fields.phone || fields.email || '';
  return `repeats invoice ${fields.invoice_number ?? ''} of ${customer}, already imported in import ${pointer.importId ?? '?'}, row ${pointer.row} (the same customer and invoice number): it is not invoiced twice`;
}

export function describeDuplicate(
  pointer: DuplicatePointer,
  currentImportId: number | null,
): string {
  return pointer.importId === null || pointer.importId === currentImportId
    ? `is a duplicate of row ${pointer.row} of this file: it is not paid twice`
    : `was already imported in import ${pointer.importId}, row ${pointer.row}: it is not paid twice`;
}
