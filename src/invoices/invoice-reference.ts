import { createHash } from 'node:crypto';

/**
 * Dollr's invoice endpoints take no reference or external id of the caller's, and `invoices/list`
 * filters only by currency and status. So the connector writes its own reference into the
 * invoice's note and, before creating an invoice whose create may already have been sent, looks
 * for an invoice carrying it.
 */

/** The same ERP invoice (same dedupe key) always gets the same reference. */
export function invoiceReference(dedupeKey: string): string {
  return `dc-${createHash('sha256').update(dedupeKey).digest('hex').slice(0, 24)}`;
}

const MAX_NOTE = 2000;

/** The Dollr note: the file's note (if any), the ERP number, and the reference at the end. */
export function dollrInvoiceNote(
  invoiceNumber: string,
  note: string | null,
  reference: string,
): string {
  const tag = `ERP invoice ${invoiceNumber} [${reference}]`;
  const text = note === null || note.trim() === '' ? tag : `${note.trim()} · ${tag}`;
  return text.length <= MAX_NOTE ? text : `${text.slice(0, MAX_NOTE - tag.length - 3)}… ${tag}`;
}

/** Whether a Dollr invoice note carries this reference. */
export function noteCarriesReference(note: unknown, reference: string): boolean {
  return typeof note === 'string' && note.endsWith(`[${reference}]`);
}
