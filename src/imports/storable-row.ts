import type { ProcessedRow, RowFields, StorableRow } from './import.types';

/** A processed row as it goes to the database: cells and fields as the JSON stored. */
export function storableRow(row: ProcessedRow): StorableRow {
  return {
    rowNumber: row.rowNumber,
    status: row.status,
    raw: JSON.stringify(row.raw),
    fields: row.fields === null ? null : JSON.stringify(row.fields),
    invoice: row.fields?.invoice_number?.toLowerCase() ?? null,
    currency: row.currency,
    amountMinor: row.amountMinor,
    errors: row.errors,
    warnings: row.warnings,
    dedupeKey: row.dedupeKey,
    duplicateOf: row.duplicateOf,
    phoneFirstSeen: row.phoneFirstSeen,
  };
}

/** The normalised fields of a storable row (decoded: only for the few rows that need them). */
export function fieldsOf(row: StorableRow): RowFields | null {
  return row.fields === null ? null : (JSON.parse(row.fields) as RowFields);
}
