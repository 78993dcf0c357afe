import { parseAmountNumber, parseAmountText } from '../money/amount-input';
import { describeDuplicate, dedupeKey, FirstOccurrences, inFileKey } from './duplicates';
import { ImportError } from './import.errors';
import { HEADER_SCAN_ROWS } from './import-limits';
import type { DuplicatePointer, ProcessedRow, RowFields, RowIssue } from './import.types';
import { type Cell, cellText, isBlankRow, type SheetRow } from './normalise/cell';
import {
  aliasIndex,
  type AliasIndex,
  type ColumnMap,
  describeField,
  detectHeaderRow,
  missingColumns,
} from './profiles/header-detect';
import { headerKey } from './profiles/header-key';
import {
  isTotalsRow,
  scaledMinorUnits,
  TOTALS_IDENTITY_FIELDS,
  type TotalsRowContext,
} from './totals-row';
import { validatePayableRow, type ValidatedRow } from './validate/payable-row';
import { validateReceivableRow } from './validate/receivable-row';
import type { RowOptions } from './validate/row-reader';

interface InvoiceLine {
  readonly row: number;
  readonly customer: string;
  readonly currency: string | null;
  readonly due_date: string | null;
  valid: number;
  invalid: number;
}

interface PhoneOwner {
  readonly row: number;
  /** As written (compared ignoring case): often a string the reader keeps anyway. */
  readonly payee: string;
  readonly name: string;
}

/**
 * Turns the rows of one file into processed rows: finds the header, maps and validates each data
 * row, skips blank and totals rows, and marks duplicates within the file. Keeps only per-payee
 * and per-invoice state, so memory grows with payees, not with cells.
 */
export class ImportRowProcessor {
  private map: ColumnMap | null = null;
  private readonly index: AliasIndex;
  private rowsBeforeHeader = 0;
  private readonly totals: { -readonly [K in keyof TotalsRowContext]: TotalsRowContext[K] };
  private readonly firstRows = new FirstOccurrences();
  private readonly phones = new Map<string, PhoneOwner>();
  private readonly invoices = new Map<string, InvoiceLine>();

  constructor(
    private readonly options: RowOptions,
    private readonly importId: number | null,
  ) {
    this.index = aliasIndex(options.profile);
    this.totals = {
      labels: new Set(options.profile.totalsLabels.map(headerKey)),
      identityColumns: [],
      runningSum: 0n,
      readAmount: (cell) => this.readAmount(cell),
    };
  }

  get columnMap(): ColumnMap | null {
    return this.map;
  }

  /** The data row, or null for a blank, title or header row. */
  process(row: SheetRow): ProcessedRow | null {
    if (isBlankRow(row.cells)) return null;
    if (this.map === null) {
      this.findHeader(row);
      return null;
    }
    const raw = row.cells.every((cell) => typeof cell === 'string')
      ? (row.cells as string[])
      : row.cells.map(cellText);
    if (isTotalsRow(row.cells, this.totals)) {
      return {
        rowNumber: row.rowNumber,
        status: 'skipped',
        raw,
        fields: null,
        currency: null,
        amountMinor: null,
        errors: [],
        warnings: [{ column: '', value: '', message: 'is a totals row, not a payment: skipped' }],
        dedupeKey: null,
        duplicateOf: null,
      };
    }
    const validated = this.validate(row.cells, this.map);
    this.addToRunningSum(validated);
    return this.classify(row.rowNumber, raw, validated);
  }

  /** Records that a row repeats one imported earlier. */
  markEarlierDuplicate(row: ProcessedRow, pointer: DuplicatePointer): void {
    row.status = 'duplicate';
    row.duplicateOf = pointer;
    row.warnings.push({
      column: '',
      value: '',
      message: describeDuplicate(pointer, this.importId),
    });
  }

  /** Counts a row, once its status is final, towards its invoice. */
  settle(row: ProcessedRow): void {
    const invoice = row.fields?.invoice_number?.toLowerCase();
    const line = invoice === undefined ? undefined : this.invoices.get(invoice);
    if (line === undefined) return;
    if (row.status === 'valid') line.valid += 1;
    if (row.status === 'invalid') line.invalid += 1;
  }

  /** Invoices whose lines are all valid (duplicate lines left aside); null for payables. */
  validInvoices(): number | null {
    if (this.options.profile.type === 'payables') return null;
    let count = 0;
    for (const line of this.invoices.values()) if (line.valid > 0 && line.invalid === 0) count += 1;
    return count;
  }

  /** Throws when the file ended before a header row was found. */
  finish(): ColumnMap {
    if (this.map !== null) return this.map;
    if (this.rowsBeforeHeader === 0) {
      throw new ImportError('FILE_EMPTY', 'The file has no rows: there is nothing to import.');
    }
    throw this.headerNotFound();
  }

  private findHeader(row: SheetRow): void {
    this.rowsBeforeHeader += 1;
    const cells = row.cells.map(cellText);
    const map = detectHeaderRow(row.rowNumber, cells, this.index);
    if (map === null) {
      if (this.rowsBeforeHeader >= HEADER_SCAN_ROWS) throw this.headerNotFound();
      return;
    }
    const missing = missingColumns(map, this.options.profile);
    if (missing.length > 0) {
      const names = missing.map((group) =>
        group.map((field) => describeField(field, this.options.profile)).join(' or '),
      );
      throw new ImportError(
        'HEADER_NOT_FOUND',
        `The header on row ${row.rowNumber} has no column for: ${names.join('; ')}. Rename the column, or use a profile that knows its name (profile "${this.options.profile.name}").`,
        { headerRow: row.rowNumber, missing },
      );
    }
    this.map = map;
    this.totals.identityColumns = TOTALS_IDENTITY_FIELDS.map((f) => map.columns[f]).filter(
      (c): c is number => c !== undefined,
    );
  }

  private headerNotFound(): ImportError {
    const profile = this.options.profile;
    const expected = ['full_name', 'phone', 'amount', 'invoice_number', 'unit_price'] as const;
    const examples = expected
      .filter((f) => profile.columns[f] !== undefined)
      .map((f) => describeField(f, profile));
    return new ImportError(
      'HEADER_NOT_FOUND',
      `No header row was found in the first ${HEADER_SCAN_ROWS} rows for the "${profile.name}" profile. It looks for columns such as ${examples.join('; ')}. Check that this is a ${profile.type} file, or choose another profile or sheet.`,
    );
  }

  private validate(cells: readonly Cell[], map: ColumnMap): ValidatedRow {
    return this.options.profile.type === 'payables'
      ? validatePayableRow(cells, map, this.options)
      : validateReceivableRow(cells, map, this.options);
  }

  private readAmount(cell: Cell): string | null {
    const parsed =
      typeof cell === 'number'
        ? parseAmountNumber(cell)
        : parseAmountText(cell, this.options.profile.decimalSeparator);
    return parsed.ok ? parsed.value : null;
  }

  /** Both validators set `fields.amount` exactly when they set these two. */
  private addToRunningSum(validated: ValidatedRow): void {
    const { amountMinor, currency } = validated;
    if (amountMinor !== null && currency !== null) {
      this.totals.runningSum += scaledMinorUnits(amountMinor, currency);
    }
  }

  private classify(rowNumber: number, raw: string[], validated: ValidatedRow): ProcessedRow {
    const { fields, errors } = validated;
    const warnings: RowIssue[] = [];
    this.checkInvoiceConsistency(rowNumber, fields, errors);
    this.checkSharedPhone(rowNumber, fields, warnings);

    let status: ProcessedRow['status'] = errors.length > 0 ? 'invalid' : 'valid';
    let duplicateOf: DuplicatePointer | null = null;
    let key: string | null = null;
    if (status === 'valid') {
      key = dedupeKey(this.options.profile.type, this.options.profile.relationship, fields);
      if (key !== null) {
        const first = this.firstRows.seen(
          inFileKey(this.options.profile.type, fields, key),
          rowNumber,
        );
        if (first !== undefined) {
          status = 'duplicate';
          duplicateOf = { importId: this.importId, row: first };
          warnings.push({
            column: '',
            value: '',
            message: describeDuplicate(duplicateOf, this.importId),
          });
        }
      }
    }
    return {
      rowNumber,
      status,
      raw,
      fields,
      currency: validated.currency,
      amountMinor: validated.amountMinor,
      errors,
      warnings,
      dedupeKey: status === 'valid' ? key : null,
      duplicateOf,
    };
  }

  /** Lines of one invoice must agree on the customer, the currency and the due date. */
  private checkInvoiceConsistency(rowNumber: number, fields: RowFields, errors: RowIssue[]): void {
    const invoice = fields.invoice_number;
    if (this.options.profile.type !== 'receivables' || !invoice) return;
    const customer = (fields.external_ref ?? fields.full_name ?? '').toLowerCase();
    const first = this.invoices.get(invoice.toLowerCase());
    if (first === undefined) {
      this.invoices.set(invoice.toLowerCase(), {
        row: rowNumber,
        customer,
        currency: fields.currency ?? null,
        due_date: fields.due_date ?? null,
        valid: 0,
        invalid: 0,
      });
      return;
    }
    const map = this.map;
    if (map === null) return;
    const header = (
      field: 'full_name' | 'external_ref' | 'currency' | 'due_date',
      fallback: string,
    ) => {
      const column = map.columns[field];
      return column === undefined ? fallback : (map.headers[column] ?? fallback);
    };
    const same = `must be the same on every line of invoice ${invoice} (see row ${first.row})`;
    if (customer !== first.customer) {
      const field = fields.external_ref ? 'external_ref' : 'full_name';
      errors.push({
        column: header(field, 'Customer'),
        value: fields[field] ?? '',
        message: `is a different customer: the customer ${same}`,
      });
    }
    if (fields.currency && first.currency && fields.currency !== first.currency) {
      errors.push({
        column: header('currency', 'Currency'),
        value: fields.currency,
        message: `differs: the currency ${same}`,
      });
    }
    if ((fields.due_date ?? null) !== first.due_date) {
      errors.push({
        column: header('due_date', 'Due date'),
        value: fields.due_date ?? '',
        message: `differs: the due date ${same}`,
      });
    }
  }

  /** Two different payees on one phone is allowed but usually a typing mistake: a warning. */
  private checkSharedPhone(rowNumber: number, fields: RowFields, warnings: RowIssue[]): void {
    const phone = fields.phone;
    if (!phone) return;
    const payee = fields.external_ref ?? fields.full_name ?? '';
    const owner = this.phones.get(phone);
    if (owner === undefined) {
      this.phones.set(phone, { row: rowNumber, payee, name: fields.full_name ?? '' });
      return;
    }
    if (owner.payee !== payee && owner.payee.toLowerCase() !== payee.toLowerCase()) {
      const column = this.map?.columns.phone;
      warnings.push({
        column: (column === undefined ? undefined : this.map?.headers[column]) ?? 'Phone',
        value: phone,
        message: `is also the phone of ${owner.name || 'another payee'} on row ${owner.row}: check that two people really share one phone`,
      });
    }
  }
}
