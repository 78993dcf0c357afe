import { stringify, type Stringifier } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../common/load-exceljs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AuditEventView } from '../auth/audit-log.service';
import type { JournalAccounts } from '../config/app-config';
import { type CurrencyCode, minorUnitsOf } from '../money/currency';
import { DETAIL_COLUMNS, type DetailRow, formatDateTime } from './detail-row';
import { EXCEPTION_HEADER, EXCEPTION_WIDTHS, type ExceptionRow } from './exception-rows';
import { neutraliseFormula } from '../common/formula-guard';
import { JOURNAL_HEADER, journalLines } from './journal';
import { type SummaryLine, SummaryTotals } from './report-summary';

/** What a report is made of: its title and its rows, read page by page. */
export interface ReportContent {
  /** e.g. "Batch 12" or "2026-01-01 to 2026-01-31". */
  readonly title: string;
  readonly generatedAt: Date;
  detailPages(): AsyncIterable<readonly DetailRow[]>;
  exceptionPages(): AsyncIterable<readonly ExceptionRow[]>;
  /** A batch's audit trail (who imported, approved, ran…), oldest first; none for a period. */
  audit?(): Promise<readonly AuditEventView[]>;
}

export interface ReportCounts {
  readonly detailRows: number;
  readonly exceptionRows: number;
  readonly summary: readonly SummaryLine[];
}

// Shared style objects: exceljs caches a style by object identity, so one object per look keeps
// the writer from rebuilding the same style for every cell.
const PLAIN: Partial<ExcelJS.Style> = {};
const BOLD: Partial<ExcelJS.Style> = { font: { bold: true } };
const DATETIME: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
const INTEGER: Partial<ExcelJS.Style> = { numFmt: '0' };
const COUNT: Partial<ExcelJS.Style> = { numFmt: '#,##0' };
const MONEY_BY_DECIMALS = new Map<number, Partial<ExcelJS.Style>>();

/** The number format of a currency's amounts: USD/LRD 2 decimals, RWF none. */
export function moneyStyle(currency: CurrencyCode): Partial<ExcelJS.Style> {
  const decimals = minorUnitsOf(currency);
  let style = MONEY_BY_DECIMALS.get(decimals);
  if (style === undefined) {
    style = { numFmt: decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}` };
    MONEY_BY_DECIMALS.set(decimals, style);
  }
  return style;
}

/** Spreadsheet column letters: 1 -> A, 27 -> AA. */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The streaming writer numbers sheets in the order they are added, and a sheet's rows go into the
 * zip as they are written, so the Summary (known only after the last Detail row) must be written
 * last. Position 1 is held empty while the other sheets are added, so the Summary added at the
 * end still comes first in the workbook's tabs. (exceljs 4.4's WorkbookWriter gives a new sheet
 * the first free slot of `_worksheets`.)
 */
function holdFirstSheetSlot(workbook: ExcelJS.stream.xlsx.WorkbookWriter): () => void {
  const sheets = (workbook as unknown as { _worksheets: unknown[] })._worksheets;
  if (!Array.isArray(sheets) || sheets.length > 1) {
    throw new Error('the exceljs WorkbookWriter is not the version this code was written for');
  }
  sheets[1] = { placeholder: true };
  return () => {
    sheets[1] = undefined;
  };
}

type SheetWriter = ExcelJS.Worksheet;

/** Bytes of sheet XML allowed to wait for the zip before the writer pauses. */
const PENDING_XML_BYTES = 1024 * 1024;

/**
 * exceljs's streaming writer ignores backpressure: committed rows pile up, uncompressed, in the
 * stream that feeds the zip (about 1 KiB a row, hundreds of MiB for a large report). Called
 * between pages, this waits until the zip has taken most of them.
 */
async function letZipCatchUp(sheet: SheetWriter): Promise<void> {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const target = pipes?.[0] as
    { _writableState?: { length: number }; _readableState?: { length: number } } | undefined;
  const pending = (): number =>
    (target?._writableState?.length ?? 0) + (target?._readableState?.length ?? 0);
  do {
    await new Promise((resolve) => setImmediate(resolve));
  } while (pending() > PENDING_XML_BYTES);
}

function frozenSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  widths: readonly number[],
  headerRows: number,
): SheetWriter {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: headerRows }],
  });
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

function writeHeader(sheet: SheetWriter, header: readonly string[]): void {
  const row = sheet.addRow([...header]);
  row.eachCell((cell) => {
    cell.style = BOLD;
  });
  row.commit();
}

function writeDetailRow(sheet: SheetWriter, detail: DetailRow): void {
  const values: (string | number | Date | null)[] = new Array<string | number | Date | null>(
    DETAIL_COLUMNS.length,
  );
  for (let i = 0; i < DETAIL_COLUMNS.length; i += 1) {
    const column = DETAIL_COLUMNS[i];
    const value = column.value(detail);
    // Money becomes a number cell: a decimal string of at most 15 significant digits (amounts are
    // capped at 10^15 minor units) is exactly the double Excel stores.
    values[i] =
      column.kind === 'money' && value !== null
        ? Number(value)
        : column.kind === 'text' && typeof value === 'string'
          ? neutraliseFormula(value)
          : value;
  }
  const row = sheet.addRow(values);
  const money = moneyStyle(detail.currency);
  for (let i = 0; i < DETAIL_COLUMNS.length; i += 1) {
    const kind = DETAIL_COLUMNS[i].kind;
    row.getCell(i + 1).style =
      kind === 'money'
        ? money
        : kind === 'datetime'
          ? DATETIME
          : kind === 'integer'
            ? INTEGER
            : PLAIN;
  }
  row.commit();
}

function writeExceptionRow(sheet: SheetWriter, exception: ExceptionRow): void {
  const text = (value: string | null): string | null =>
    value === null ? null : neutraliseFormula(value);
  const row = sheet.addRow([
    text(exception.exception),
    text(exception.sourceFile),
    exception.sourceRow,
    exception.batchId,
    text(exception.externalRef),
    text(exception.name),
    text(exception.phone),
    exception.amount === null ? null : Number(exception.amount),
    exception.currency,
    text(exception.status),
    text(exception.referenceId),
    text(exception.detail),
  ]);
  row.eachCell({ includeEmpty: true }, (cell, column) => {
    cell.style =
      column === 8 && exception.currency !== null && exception.amount !== null
        ? moneyStyle(exception.currency as CurrencyCode)
        : column === 3 || column === 4
          ? INTEGER
          : PLAIN;
  });
  row.commit();
}

const SUMMARY_HEADER = [
  'Currency',
  'Type',
  'Status',
  'Count',
  'Requested',
  'Payer amount',
  'Payee amount',
  'Fees',
  'Settled',
  'Variance (settled - requested)',
];
const SUMMARY_WIDTHS = [10, 12, 12, 10, 18, 18, 18, 14, 18, 18];
const SUMMARY_TITLE_ROWS = 3;

function writeSummary(
  sheet: SheetWriter,
  content: ReportContent,
  lines: readonly SummaryLine[],
  detailRows: number,
): void {
  const title = sheet.addRow([`Reconciliation report: ${content.title}`]);
  title.getCell(1).style = BOLD;
  title.commit();
  sheet
    .addRow([
      `Generated ${formatDateTime(content.generatedAt)} UTC from ${detailRows} Detail row(s); every amount here is the sum of the Detail sheet's rows of that currency, type (money paid out or collected, never added together) and status.`,
    ])
    .commit();
  sheet.addRow([]).commit();
  writeHeader(sheet, SUMMARY_HEADER);
  for (const line of lines) {
    const row = sheet.addRow([
      line.currency,
      line.type === 'payouts' ? 'Payouts' : 'Collections',
      line.status,
      line.count,
      Number(line.requested),
      Number(line.payerAmount),
      Number(line.payeeAmount),
      Number(line.fees),
      Number(line.settled),
      Number(line.variance),
    ]);
    const money = moneyStyle(line.currency);
    row.eachCell((cell, column) => {
      cell.style =
        line.status === 'TOTAL' && column <= 3
          ? BOLD
          : column === 4
            ? COUNT
            : column >= 5
              ? money
              : PLAIN;
    });
    row.commit();
  }
}

/**
 * The XLSX report, streamed: Summary (control totals per currency and status, computed from the
 * Detail rows as they are written), Detail (one row per payment), Exceptions. Text is written as
 * text cells, never as formulas, whatever it starts with.
 */
export async function writeXlsxReport(
  content: ReportContent,
  output: Writable,
): Promise<ReportCounts> {
  const workbook = new (loadExcelJs().stream.xlsx.WorkbookWriter)({
    stream: output,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'dollr-connector';
  workbook.created = content.generatedAt;
  const releaseFirstSlot = holdFirstSheetSlot(workbook);

  const detail = frozenSheet(
    workbook,
    'Detail',
    DETAIL_COLUMNS.map((c) => c.width),
    1,
  );
  const totals = new SummaryTotals();
  writeHeader(
    detail,
    DETAIL_COLUMNS.map((c) => c.header),
  );
  let detailRows = 0;
  for await (const page of content.detailPages()) {
    for (const row of page) {
      writeDetailRow(detail, row);
      totals.add(row);
    }
    detailRows += page.length;
    await letZipCatchUp(detail);
  }
  detail.autoFilter = `A1:${columnLetter(DETAIL_COLUMNS.length)}${detailRows + 1}`;
  detail.commit();

  const exceptions = frozenSheet(workbook, 'Exceptions', EXCEPTION_WIDTHS, 1);
  writeHeader(exceptions, EXCEPTION_HEADER);
  let exceptionRows = 0;
  for await (const page of content.exceptionPages()) {
    for (const row of page) writeExceptionRow(exceptions, row);
    exceptionRows += page.length;
    await letZipCatchUp(exceptions);
  }
  exceptions.autoFilter = `A1:${columnLetter(EXCEPTION_HEADER.length)}${exceptionRows + 1}`;
  exceptions.commit();
  if (content.audit !== undefined) writeAuditSheet(workbook, await content.audit());

  releaseFirstSlot();
  const summary = frozenSheet(workbook, 'Summary', SUMMARY_WIDTHS, SUMMARY_TITLE_ROWS + 1);
  const lines = totals.lines();
  writeSummary(summary, content, lines, detailRows);
  summary.autoFilter = `A${SUMMARY_TITLE_ROWS + 1}:${columnLetter(SUMMARY_HEADER.length)}${SUMMARY_TITLE_ROWS + 1 + lines.length}`;
  summary.commit();
  await workbook.commit();
  return { detailRows, exceptionRows, summary: lines };
}

const AUDIT_HEADER = ['At (UTC)', 'Who', 'Role', 'Action', 'On', 'Details'] as const;
const AUDIT_WIDTHS = [20, 24, 10, 20, 12, 80] as const;

/** The Audit sheet: every recorded action on the batch and its import, as plain text cells. */
function writeAuditSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  events: readonly AuditEventView[],
): void {
  const sheet = frozenSheet(workbook, 'Audit', AUDIT_WIDTHS, 1);
  writeHeader(sheet, AUDIT_HEADER);
  for (const event of events) {
    sheet
      .addRow([
        formatDateTime(new Date(event.at)),
        neutraliseFormula(event.actor),
        event.role,
        event.action,
        `${event.subjectType} ${event.subjectId}`,
        neutraliseFormula(JSON.stringify(event.details)),
      ])
      .commit();
  }
  sheet.autoFilter = `A1:${columnLetter(AUDIT_HEADER.length)}${events.length + 1}`;
  sheet.commit();
}

/**
 * Writes records to a csv-stringify stream piped into `output`. `write` returns a promise only
 * when the stream is full (await it then), so a record costs no promise otherwise.
 */
async function writeCsv(
  output: Writable,
  produce: (write: (record: readonly string[]) => Promise<void> | undefined) => Promise<void>,
): Promise<void> {
  const csv: Stringifier = stringify({ bom: true, record_delimiter: 'windows' });
  const written = pipeline(csv, output);
  const write = (record: readonly string[]): Promise<void> | undefined =>
    csv.write(record) ? undefined : new Promise((resolve) => csv.once('drain', resolve));
  try {
    await produce(write);
    csv.end();
  } catch (error) {
    csv.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  await written;
}

/** Times repeat from row to row (a batch's creation time): format each one once. */
const dateTexts = new Map<number, string>();

function dateText(date: Date): string {
  const time = date.getTime();
  let text = dateTexts.get(time);
  if (text === undefined) {
    if (dateTexts.size >= 1024) dateTexts.clear();
    text = formatDateTime(date);
    dateTexts.set(time, text);
  }
  return text;
}

/** A Detail row as CSV cells: text neutralised against formula injection, numbers as written. */
export function detailCsvRecord(row: DetailRow): string[] {
  const record = new Array<string>(DETAIL_COLUMNS.length);
  for (let i = 0; i < DETAIL_COLUMNS.length; i += 1) {
    const column = DETAIL_COLUMNS[i];
    const value = column.value(row);
    record[i] =
      value === null
        ? ''
        : value instanceof Date
          ? dateText(value)
          : typeof value === 'number'
            ? String(value)
            : column.kind === 'text'
              ? neutraliseFormula(value)
              : value;
  }
  return record;
}

/** The CSV report: the Detail sheet, UTF-8 with a byte-order mark so Excel reads accents. */
export async function writeCsvReport(
  content: ReportContent,
  output: Writable,
): Promise<ReportCounts> {
  const totals = new SummaryTotals();
  let detailRows = 0;
  await writeCsv(output, async (write) => {
    await write(DETAIL_COLUMNS.map((c) => c.header));
    for await (const page of content.detailPages()) {
      for (const row of page) {
        const full = write(detailCsvRecord(row));
        totals.add(row);
        if (full !== undefined) await full;
      }
      detailRows += page.length;
    }
  });
  return { detailRows, exceptionRows: 0, summary: totals.lines() };
}

/** The accounting journal of the COMPLETED payments, as CSV; returns how many lines. */
export async function writeJournalCsv(
  pages: AsyncIterable<readonly DetailRow[]>,
  accounts: JournalAccounts,
  output: Writable,
): Promise<number> {
  let lines = 0;
  await writeCsv(output, async (write) => {
    await write(JOURNAL_HEADER);
    for await (const page of pages) {
      for (const row of page) {
        for (const line of journalLines(row, accounts)) {
          const full = write([
            line.date,
            neutraliseFormula(line.account),
            line.debit,
            line.credit,
            line.currency,
            neutraliseFormula(line.memo),
            neutraliseFormula(line.reference),
          ]);
          if (full !== undefined) await full;
          lines += 1;
        }
      }
    }
  });
  return lines;
}
