import { parseAmountNumber, parseAmountText } from '../money/amount-input';
import { describeDuplicate, dedupeKey, FirstOccurrences, invoiceLineKey } from './duplicates';
import { ImportError } from './import.errors';
import { HEADER_SCAN_ROWS } from './import-limits';
import type {
  DuplicatePointer,
  PeriodOfImport,
  ProcessedRow,
  RowFields,
  RowIssue,
} from './import.types';
import { type Cell, cellText, isBlankRow, type SheetRow } from './normalise/cell';
import {
  aliasIndex,
  type AliasIndex,
  type ColumnMap,
  columnLabel,
  describeField,
  detectHeaderRow,
  missingColumns,
  partialHeader,
} from './profiles/header-detect';
import { withComposedCells } from './normalise/composed-cells';
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
import { PhoneFirstRows } from './phone-first-rows';
import { encodingIssues } from './normalise/mixed-encoding';
import { type ImportPeriod, inferPeriod } from './normalise/period';

/** Known column names a row needs, short of a header, to be named as the header that has unknown ones. */
const MIN_PARTIAL_HEADER = 2;

/** The most characters of a title row kept to look for a period in. */
const MAX_TITLE_LENGTH = 500;

/** The first line of an invoice, which its other lines must agree with. */
interface InvoiceLine {
  readonly row: number;
  readonly customer: string;
  readonly currency: string | null;
  readonly due_date: string | null;
}

/**
 * Turns the rows of one file into processed rows: finds the header, maps and validates each data
 * row, skips blank and totals rows, and marks repeated invoice lines. What it keeps for the whole
 * file is small: a number per phone, and for receivables a key per invoice line. Whether a row
 * repeats an earlier payable, or shares its phone with another payee, is checked against the rows
 * stored before it (StoredRowChecks).
 */
export class ImportRowProcessor {
  private map: ColumnMap | null = null;
  private readonly index: AliasIndex;
  private rowsBeforeHeader = 0;
  private rowsUnderHeader = 0;
  private readonly totals: { -readonly [K in keyof TotalsRowContext]: TotalsRowContext[K] };
  private readonly firstRows = new FirstOccurrences();
  private readonly phones = new PhoneFirstRows();
  private readonly invoices = new Map<string, InvoiceLine>();
  /** The text of each row above the header: a title may name the pay period. */
  private readonly titleRows: string[] = [];
  private partialHeader: { rowNumber: number; matched: number; map: ColumnMap } | null = null;
  /** The period of payables that name neither a period nor a reference. */
  private importPeriod: ImportPeriod | null = null;
  private rowsGivenImportPeriod = 0;
  /** The distinct periods of the valid rows, up to two: one means they all share it. */
  private readonly periods = new Set<string>();

  /** `sheetName` is asked once the header is found, when the sheet is known. */
  constructor(
    private readonly options: RowOptions,
    private readonly importId: number | null,
    private readonly sheetName: () => string | null = () => null,
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

  /**
   * The pay period of the import's payments when they share one, and where it came from: the
   * import's period when some row took it, else the file's period column.
   */
  get period(): PeriodOfImport {
    const given = this.rowsGivenImportPeriod > 0 ? this.importPeriod : null;
    let period: string | null = null;
    if (this.periods.size === 1) period = [...this.periods][0] ?? null;
    // No valid row: the period the rows were given.
    else if (this.periods.size === 0) period = given?.value ?? null;
    const periodFrom = given !== null ? given.source : this.periods.size > 0 ? 'column' : null;
    return { period, periodFrom };
  }

  /** The data row, or null for a blank, title or header row. */
  process(row: SheetRow): ProcessedRow | null {
    if (isBlankRow(row.cells)) return null;
    if (this.map === null) {
      this.findHeader(row);
      return null;
    }
    this.rowsUnderHeader += 1;
    const raw = row.cells.every((cell) => typeof cell === 'string')
      ? (row.cells as string[])
      : row.cells.map(cellText);
    const composed = withComposedCells(row.cells, this.map, this.options.profile.decimalSeparator);
    if (isTotalsRow(composed.cells, this.totals)) {
      return {
        rowNumber: row.rowNumber,
        status: 'skipped',
        raw,
        fields: null,
        currency: null,
        amountMinor: null,
        errors: [],
        warnings: [
          { column: '', value: '', message: 'is a totals row, not a payment: skipped' },
          ...notesOf(row),
        ],
        dedupeKey: null,
        duplicateOf: null,
        phoneFirstSeen: null,
      };
    }
    const validated = this.validate(composed.cells, this.map);
    const map = this.map;
    const headerOf = (column: number): string =>
      columnLabel(map, column)?.trim() || `Column ${column + 1}`;
    if (composed.errors.length > 0) replaceIssues(validated.errors, composed.errors, map);
    validated.errors.push(...encodingIssues(row.cells, headerOf));
    const cellWarnings =
      row.cellProblems === undefined ? [] : this.addCellProblems(row, validated, headerOf);
    this.addToRunningSum(validated);
    const processed = this.classify(row.rowNumber, raw, validated);
    if (cellWarnings.length > 0) processed.warnings.push(...cellWarnings);
    if (row.notes !== undefined) processed.warnings.push(...notesOf(row));
    return processed;
  }

  /**
   * A cell that could not be read (an Excel error, a formula without its result) makes its row
   * invalid when the column is one the profile reads, and is a warning otherwise (returned). Its
   * message replaces what the validator said of that column ("is missing", "is not an amount").
   */
  private addCellProblems(
    row: SheetRow,
    validated: ValidatedRow,
    headerOf: (column: number) => string,
  ): RowIssue[] {
    const warnings: RowIssue[] = [];
    const map = this.map;
    if (map === null || row.cellProblems === undefined) return warnings;
    const used = new Set<number>(Object.values(map.columns));
    for (const others of Object.values(map.alternates ?? {})) {
      for (const column of others ?? []) used.add(column);
    }
    for (const problem of row.cellProblems) {
      const issue: RowIssue = {
        column: headerOf(problem.column),
        value: cellText(row.cells[problem.column]).trim(),
        message: problem.message,
      };
      if (!used.has(problem.column)) {
        warnings.push(issue);
        continue;
      }
      for (let i = validated.errors.length - 1; i >= 0; i -= 1) {
        if (validated.errors[i]?.column === issue.column) validated.errors.splice(i, 1);
      }
      validated.errors.push(issue);
    }
    return warnings;
  }

  /** Throws when the file ended before a header row was found, or with nothing under it. */
  finish(): ColumnMap {
    if (this.map !== null && this.rowsUnderHeader === 0) {
      throw new ImportError(
        'FILE_EMPTY',
        `The file has a header row (row ${this.map.headerRow}) and no rows under it: there is nothing to import.`,
      );
    }
    if (this.map !== null) return this.map;
    if (this.rowsBeforeHeader === 0) {
      throw new ImportError('FILE_EMPTY', 'The file has no rows: there is nothing to import.');
    }
    throw this.headerNotFound();
  }

  private findHeader(row: SheetRow): void {
    this.rowsBeforeHeader += 1;
    const cells = row.cells.map(cellText);
    const fixedRow = this.options.profile.headerRow;
    if (fixedRow !== undefined && row.rowNumber > fixedRow) {
      throw new ImportError(
        'HEADER_NOT_FOUND',
        `The profile "${this.options.profile.name}" says the header is on row ${fixedRow}, but that row is blank or not in the sheet. Check the sheet, or change headerRow in the profile.`,
        { headerRow: fixedRow },
      );
    }
    const map =
      fixedRow === undefined || row.rowNumber === fixedRow
        ? detectHeaderRow(
            row.rowNumber,
            cells,
            this.index,
            this.options.profile,
            row.rowNumber === fixedRow,
          )
        : null;
    if (map === null) {
      this.notePartialHeader(row.rowNumber, cells);
      if (fixedRow === undefined && this.rowsBeforeHeader >= HEADER_SCAN_ROWS) {
        throw this.headerNotFound();
      }
      this.titleRows.push(cells.join(' ').slice(0, MAX_TITLE_LENGTH));
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
    // A period given with the import fills every row without a period or reference. A guessed
    // one only fills a file with neither column: there, an empty cell is a slip to be fixed.
    if (this.options.profile.type === 'payables') {
      this.importPeriod =
        this.options.period ??
        (map.columns.period !== undefined || map.columns.reference !== undefined
          ? null
          : inferPeriod({
              titleRows: this.titleRows,
              sheetName: this.sheetName(),
              fileName: this.options.fileName,
              importMonth: this.options.importMonth,
            }));
    }
    this.totals.identityColumns = TOTALS_IDENTITY_FIELDS.map((f) => map.columns[f]).filter(
      (c): c is number => c !== undefined,
    );
  }

  /** The row above the header that names the most fields: the header, if some names are unknown. */
  private notePartialHeader(rowNumber: number, cells: readonly string[]): void {
    const { map, matched } = partialHeader(rowNumber, cells, this.index, this.options.profile);
    if (matched >= MIN_PARTIAL_HEADER && matched > (this.partialHeader?.matched ?? 0)) {
      this.partialHeader = { rowNumber, matched, map };
    }
  }

  private headerNotFound(): ImportError {
    const profile = this.options.profile;
    const partial = this.partialHeader;
    if (partial !== null) {
      const missing = missingColumns(partial.map, profile);
      const found = Object.entries(partial.map.columns).map(
        ([field, column]) => `"${columnLabel(partial.map, column) ?? ''}" (${field})`,
      );
      const names = missing.map((group) =>
        group.map((field) => describeField(field, profile)).join(' or '),
      );
      return new ImportError(
        'HEADER_NOT_FOUND',
        `Row ${partial.rowNumber} looks like the header: it has ${found.join(', ')}, but ${names.length > 0 ? `no column for: ${names.join('; ')}` : `too few known columns`}. Rename those columns, or use a profile that knows their names (profile "${profile.name}").`,
        { headerRow: partial.rowNumber, missing },
      );
    }
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
    if (this.options.profile.type === 'receivables') {
      return validateReceivableRow(cells, map, this.options);
    }
    const validated = validatePayableRow(
      cells,
      map,
      this.options,
      this.importPeriod?.value ?? null,
    );
    if (validated.usedImportPeriod === true) this.rowsGivenImportPeriod += 1;
    const period = validated.fields.period;
    if (validated.errors.length === 0 && period && this.periods.size < 2) this.periods.add(period);
    return validated;
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
    const warnings: RowIssue[] = [...(validated.warnings ?? [])];
    this.checkInvoiceConsistency(rowNumber, fields, errors);

    const phoneFirstSeen = this.notePhone(rowNumber, fields);

    let status: ProcessedRow['status'] = errors.length > 0 ? 'invalid' : 'valid';
    let duplicateOf: DuplicatePointer | null = null;
    let key: string | null = null;
    if (status === 'valid') {
      key = dedupeKey(this.options.profile.type, this.options.profile.relationship, fields);
      // A payable is compared with the rows stored before it when its page is stored
      // (StoredRowChecks); lines of one invoice share their key, so an invoice line is compared
      // here by a key of its own.
      if (key !== null && this.options.profile.type === 'receivables') {
        const first = this.firstRows.seen(invoiceLineKey(fields, key), rowNumber);
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
      phoneFirstSeen,
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

  /** The first earlier row with this row's phone, if any; this row is the first otherwise. */
  private notePhone(rowNumber: number, fields: RowFields): ProcessedRow['phoneFirstSeen'] {
    if (!fields.phone) return null;
    // E.164 digits: at most 15, so exact as a number, and no leading zero.
    const phone = Number(fields.phone);
    if (!Number.isSafeInteger(phone) || phone <= 0) return null;
    const first = this.phones.firstOrRecord(phone, rowNumber);
    if (first !== undefined) {
      const column = this.map?.columns.phone;
      return {
        row: first,
        column: (column === undefined ? undefined : this.map?.headers[column]) ?? 'Phone',
      };
    }
    return null;
  }
}

/**
 * A composed field's part that could not be read replaces what the validator said of the field
 * ("Debit − Credit is missing"): the part's own column names the problem.
 */
function replaceIssues(errors: RowIssue[], partErrors: readonly RowIssue[], map: ColumnMap): void {
  const labels = new Set(
    (map.composed ?? []).filter((c) => c.field === 'amount').map((c) => c.label),
  );
  for (let i = errors.length - 1; i >= 0; i -= 1) {
    if (labels.has(errors[i]?.column ?? '')) errors.splice(i, 1);
  }
  errors.push(...partErrors);
}

/** A row's notes (hidden in Excel, filtered out) as warnings on the whole row. */
function notesOf(row: SheetRow): RowIssue[] {
  return (row.notes ?? []).map((message) => ({ column: '', value: '', message }));
}
