import { describeDuplicate, describeInvoiceDuplicate } from './duplicates';
import type { DuplicatePointer, ImportKind, StorableRow } from './import.types';
import { partyOf, type RowParty } from './row-party';
import { fieldsOf } from './storable-row';

/** What checking a page of rows needs from the rows stored before it. */
export interface StoredRowLookups {
  /**
   * For each key, the first valid row with it in an earlier import, else (`withThisImport`) in
   * the import being written.
   */
  firstRowsWithKeys(
    keys: readonly string[],
    withThisImport: boolean,
  ): Promise<ReadonlyMap<string, DuplicatePointer>>;
  /** The parties of stored rows of the import being written, by row number. */
  partiesOfRows(rowNumbers: readonly number[]): Promise<ReadonlyMap<number, RowParty>>;
}

/** An invoice with an invalid line: its valid lines are left out with it. */
export interface BrokenInvoice {
  readonly invoiceNumber: string;
  readonly firstInvalidRow: number;
  readonly validRows: readonly number[];
}

interface InvoiceLines {
  readonly invoiceNumber: string;
  valid: number[];
  invalid: number;
  firstInvalidRow: number | null;
}

/**
 * Finishes the checks that compare each page of processed rows with the rows before it, just
 * before the page is stored: shared phones, and duplicates of earlier imports and of earlier
 * rows of this file. Comparing with the rows already stored, rather than with maps of every
 * row's key, keeps the memory of a large import flat.
 */
export class StoredRowChecks {
  private readonly invoices = new Map<string, InvoiceLines>();

  constructor(
    private readonly kind: ImportKind,
    private readonly importId: number,
    private readonly lookups: StoredRowLookups,
  ) {}

  async checkPage(page: readonly StorableRow[]): Promise<void> {
    await this.warnOfSharedPhones(page);
    await this.markDuplicates(page);
    for (const row of page) this.countTowardsInvoice(row);
  }

  /** Invoices whose lines are all valid (duplicate lines left aside); null for payables. */
  validInvoices(): number | null {
    if (this.kind === 'payables') return null;
    let count = 0;
    for (const lines of this.invoices.values()) {
      if (lines.valid.length > 0 && lines.invalid === 0) count += 1;
    }
    return count;
  }

  /** Invoices with both valid and invalid lines: part of an invoice is never billed. */
  brokenInvoices(): BrokenInvoice[] {
    const broken: BrokenInvoice[] = [];
    for (const lines of this.invoices.values()) {
      if (lines.invalid > 0 && lines.valid.length > 0 && lines.firstInvalidRow !== null) {
        broken.push({
          invoiceNumber: lines.invoiceNumber,
          firstInvalidRow: lines.firstInvalidRow,
          validRows: lines.valid,
        });
      }
    }
    return broken;
  }

  private countTowardsInvoice(row: StorableRow): void {
    const invoice = row.invoice;
    if (!invoice || this.kind === 'payables') return;
    let lines = this.invoices.get(invoice);
    if (lines === undefined) {
      const written = fieldsOf(row)?.invoice_number?.trim();
      lines = { invoiceNumber: written || invoice, valid: [], invalid: 0, firstInvalidRow: null };
      this.invoices.set(invoice, lines);
    }
    if (row.status === 'valid') lines.valid.push(row.rowNumber);
    if (row.status === 'invalid') {
      lines.invalid += 1;
      lines.firstInvalidRow ??= row.rowNumber;
    }
  }

  /** Two different payees on one phone is allowed but usually a typing mistake: a warning. */
  private async warnOfSharedPhones(batch: readonly StorableRow[]): Promise<void> {
    const sharing = batch.filter((row) => row.phoneFirstSeen !== null);
    if (sharing.length === 0) return;
    const inBatch = new Map(batch.map((row) => [row.rowNumber, row]));
    const stored = new Set<number>();
    for (const row of sharing) {
      const first = row.phoneFirstSeen?.row;
      if (first !== undefined && !inBatch.has(first)) stored.add(first);
    }
    const parties =
      stored.size === 0
        ? new Map<number, RowParty>()
        : await this.lookups.partiesOfRows([...stored]);
    for (const row of sharing) {
      const seen = row.phoneFirstSeen;
      row.phoneFirstSeen = null;
      if (seen === null) continue;
      const firstRow = inBatch.get(seen.row);
      const owner = firstRow === undefined ? parties.get(seen.row) : partyOf(fieldsOf(firstRow));
      const fields = fieldsOf(row);
      const payee = partyOf(fields).payee;
      if (owner === undefined || owner.payee.toLowerCase() === payee.toLowerCase()) continue;
      row.warnings.push({
        column: seen.column,
        value: fields?.phone ?? '',
        message: `is also the phone of ${owner.name || 'another payee'} on row ${seen.row}: check that two people really share one phone`,
      });
    }
  }

  /**
   * Marks valid rows that repeat a row of an earlier import or, for payables, an earlier row of
   * this file (stored, or earlier in this batch). Lines of one invoice share their key: an
   * invoice line was compared with the file's other lines when it was read.
   */
  private async markDuplicates(batch: readonly StorableRow[]): Promise<void> {
    const payables = this.kind === 'payables';
    const keys = new Set<string>();
    for (const row of batch) if (row.status === 'valid' && row.dedupeKey) keys.add(row.dedupeKey);
    if (keys.size === 0) return;
    const stored = await this.lookups.firstRowsWithKeys([...keys], payables);
    const firstInBatch = new Map<string, number>();
    for (const row of batch) {
      const key = row.dedupeKey;
      if (row.status !== 'valid' || !key) continue;
      const inBatch = payables ? firstInBatch.get(key) : undefined;
      const pointer =
        stored.get(key) ??
        (inBatch === undefined ? undefined : { importId: this.importId, row: inBatch });
      if (pointer === undefined) {
        if (payables) firstInBatch.set(key, row.rowNumber);
        continue;
      }
      row.status = 'duplicate';
      row.duplicateOf = pointer;
      row.warnings.push({
        column: '',
        value: '',
        message: payables
          ? describeDuplicate(pointer, this.importId)
          : describeInvoiceDuplicate(pointer, fieldsOf(row) ?? {}),
      });
    }
  }
}
