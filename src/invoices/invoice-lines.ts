import type { FeeBearer } from '../dollr/types';
import type { RowFields, RowStatus } from '../imports/import.types';
import { toMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';

/** What invoice grouping needs of an import row. */
export interface InvoiceRow {
  readonly id: number;
  readonly rowNumber: number;
  readonly status: RowStatus;
  readonly fields: RowFields | null;
  readonly currency: CurrencyCode | null;
  readonly amountMinor: bigint | null;
  readonly dedupeKey: string | null;
}

export interface InvoiceLineDraft {
  readonly importRowId: number;
  readonly rowNumber: number;
  readonly item: string;
  readonly qty: string;
  readonly unitPriceMinor: bigint;
  readonly amountMinor: bigint;
}

export interface InvoiceDraft {
  readonly invoiceNumber: string;
  readonly dedupeKey: string;
  readonly currency: CurrencyCode;
  readonly amountMinor: bigint;
  readonly feeBearer: FeeBearer;
  readonly dueDate: string | null;
  readonly note: string | null;
  readonly customer: {
    readonly externalRef: string;
    readonly fullName: string;
    readonly phone: string | null;
    readonly email: string | null;
  };
  readonly lines: InvoiceLineDraft[];
}

/**
 * Lines with the same invoice number form one invoice, made of the import's valid lines. An
 * invoice with an invalid line is left out whole (collecting part of an invoice would be wrong),
 * as is one whose lines disagree on the currency. Lines repeated in the file (duplicates) were
 * already left out by the import.
 */
export function groupInvoiceLines(rows: readonly InvoiceRow[]): InvoiceDraft[] {
  const numberOf = (row: InvoiceRow) => row.fields?.invoice_number?.trim().toLowerCase() ?? '';
  const broken = new Set(rows.filter((r) => r.status === 'invalid').map(numberOf));
  const groups = new Map<string, InvoiceRow[]>();
  for (const row of rows) {
    if (row.status !== 'valid' || row.dedupeKey === null) continue;
    const key = numberOf(row);
    if (key === '' || broken.has(key)) continue;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const drafts: InvoiceDraft[] = [];
  for (const lines of groups.values()) {
    const first = lines[0];
    const currency = first.currency;
    if (currency === null || lines.some((l) => l.currency !== currency || l.amountMinor === null))
      continue;
    const fields = first.fields ?? {};
    const pick = (name: keyof RowFields) =>
      lines.map((l) => l.fields?.[name] ?? null).find((v) => v !== null && v !== '') ?? null;
    const drafted = lines.map((line) => lineDraft(line, currency));
    if (drafted.some((l) => l === null)) continue;
    drafts.push({
      invoiceNumber: (fields.invoice_number ?? '').trim(),
      dedupeKey: first.dedupeKey as string,
      currency,
      amountMinor: lines.reduce((sum, l) => sum + (l.amountMinor as bigint), 0n),
      feeBearer: pick('fee_bearer') === 'PAYEE' ? 'PAYEE' : 'PAYER',
      dueDate: pick('due_date'),
      note: pick('note'),
      customer: {
        externalRef: (
          fields.external_ref ??
          fields.phone ??
          fields.email ??
          fields.invoice_number ??
          ''
        ).slice(0, 100),
        fullName: (fields.full_name ?? '').slice(0, 200),
        phone: fields.phone ?? null,
        email: fields.email ?? null,
      },
      lines: drafted as InvoiceLineDraft[],
    });
  }
  return drafts;
}

function lineDraft(row: InvoiceRow, currency: CurrencyCode): InvoiceLineDraft | null {
  const price = row.fields?.unit_price;
  if (price === null || price === undefined || row.amountMinor === null) return null;
  return {
    importRowId: row.id,
    rowNumber: row.rowNumber,
    item: (row.fields?.item ?? '').slice(0, 200),
    qty: row.fields?.qty ?? '1',
    unitPriceMinor: toMinorUnits(price, currency),
    amountMinor: row.amountMinor,
  };
}
