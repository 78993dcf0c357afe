import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../common/load-exceljs';
import iconv from 'iconv-lite';
import { createReadStream } from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DataSource } from 'typeorm';
import { toBigInt } from '../database/columns';
import { DatabaseService } from '../database/database.service';
import { ImportEntity } from '../imports/entities/import.entity';
import type { RowIssue } from '../imports/import.types';
import { detectDelimiter, type Delimiter } from '../imports/readers/delimiter';
import { fingerprintFile } from '../imports/readers/file-fingerprint';
import { detectEncoding, type TextEncoding } from '../imports/readers/text-encoding';
import { formatMinorUnits } from '../money/amount-input';
import { isCurrencyCode } from '../money/currency';
import { writeFileAtomically } from '../common/atomic-file';
import { formatDateTime } from './detail-row';
import { neutraliseFormula } from '../common/formula-guard';
import { OriginalFileStore } from '../imports/original-files';
import { dateOf, hasStuckAt, idRange } from './payment-details';
import { ReportError } from './report.errors';
import { moneyStyle } from './report-writers';
import { type RowState, WRITE_BACK_HEADER, type WriteBack, writeBackOf } from './write-back';

const PAGE_ROWS = 2000;

const BOMS: Record<TextEncoding, Buffer> = {
  utf8: Buffer.from([0xef, 0xbb, 0xbf]),
  utf16le: Buffer.from([0xff, 0xfe]),
  utf16be: Buffer.from([0xfe, 0xff]),
  windows1252: Buffer.alloc(0),
};

const CHARSETS: Record<TextEncoding, string> = {
  utf8: 'utf-8',
  utf16le: 'utf-16le',
  utf16be: 'utf-16be',
  windows1252: 'windows-1252',
};

/** What a download of the exported file is called and how it is served. */
export interface SourceExport {
  readonly importId: number;
  readonly fileName: string;
  readonly contentType: string;
}

interface RowRecord {
  id: number | string;
  row_number: number | string;
  status: string;
  errors: string;
  warnings: string;
  payment_status: string | null;
  stuck_at?: unknown;
  currency: string | null;
  amount_minor: number | string | null;
  fee_minor: number | string | null;
  payee_amount_minor: number | string | null;
  completed_at: unknown;
  reason: string | null;
  reference_id: string | null;
  dollr_status: string | null;
  /** 0 on an invoice's second and later lines: its money is written on the first. */
  first_line: number | string;
}

function issues(text: string): RowIssue[] {
  return text === '' ? [] : (JSON.parse(text) as RowIssue[]);
}

function rowState(r: RowRecord): RowState {
  const currency = r.currency;
  const money = (value: unknown): string | null =>
    value === null || value === undefined || currency === null || !isCurrencyCode(currency)
      ? null
      : formatMinorUnits(toBigInt(value), currency);
  const completed = r.payment_status === 'COMPLETED';
  const first = Number(r.first_line) === 1;
  return {
    rowNumber: Number(r.row_number),
    rowStatus: r.status,
    errors: issues(r.errors),
    warnings: issues(r.warnings),
    payment:
      r.payment_status === null
        ? null
        : {
            status: r.payment_status,
            stuck: r.stuck_at !== null && r.stuck_at !== undefined,
            referenceId: r.reference_id,
            dollrStatus: r.dollr_status,
            settledAmount:
              completed && first ? money(r.payee_amount_minor ?? r.amount_minor) : null,
            fees: completed && first ? money(r.fee_minor) : null,
            currency: currency ?? '',
            completedAt: dateOf(r.completed_at),
            reason: r.reason,
          },
  };
}

/** One CSV record as read, with its exact text (for writing it back unchanged). */
interface RawRecord {
  readonly rowNumber: number;
  readonly cells: string[];
  readonly raw: string;
}

/** The line ending the file uses: the first one found in its first bytes. */
export function lineEndingOf(sample: string): string {
  const lf = sample.indexOf('\n');
  const cr = sample.indexOf('\r');
  if (cr !== -1 && (lf === -1 || cr < lf)) return sample[cr + 1] === '\n' ? '\r\n' : '\r';
  return '\n';
}

/** A CSV cell as the file writes it: quoted when it has to be (or when the file quotes every cell). */
export function csvCell(value: string, delimiter: string, quoteAll: boolean): string {
  if (quoteAll || value.includes(delimiter) || /["\r\n]/.test(value)) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

function writeBackCsvCells(back: WriteBack): string[] {
  return [
    back.status,
    back.referenceId ?? '',
    back.dollrStatus ?? '',
    back.settledAmount ?? '',
    back.fees ?? '',
    back.completedAt === null ? '' : formatDateTime(back.completedAt),
    back.failureReason ?? '',
  ].map(neutraliseFormula);
}

/**
 * The file a user imported, handed back in its own format with what became of each row:
 * the original bytes of every record (delimiter, quoting, line endings and encoding kept), and
 * after the header's last column the write-back columns (status, dollr_reference_id, …).
 */
@Injectable()
export class SourceExportService {
  constructor(
    private readonly database: DatabaseService,
    private readonly originals: OriginalFileStore,
  ) {}

  private async dataSource(): Promise<DataSource> {
    await this.database.migrate();
    return this.database.connect();
  }

  /** The import and its kept file, or a clear error. */
  async prepare(importId: number): Promise<SourceExport & { entity: ImportEntity; path: string }> {
    const dataSource = await this.dataSource();
    const entity = await dataSource.getRepository(ImportEntity).findOneBy({ id: importId });
    if (entity === null) {
      throw new ReportError('IMPORT_NOT_FOUND', `There is no import ${importId}.`, { importId });
    }
    if (!(await this.originals.has(entity.fileSha256))) {
      throw new ReportError(
        'SOURCE_FILE_MISSING',
        `The file of import ${importId} (${entity.fileName}) is not kept in DATA_DIR/uploads (it was imported before files were kept, or the folder was moved); it cannot be exported.`,
        { importId, sha256: entity.fileSha256 },
      );
    }
    const path = this.originals.pathOf(entity.fileSha256);
    let contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (entity.fileFormat === 'csv') {
      const fingerprint = await fingerprintFile(path);
      const { encoding } = detectEncoding(fingerprint.head, fingerprint.validUtf8);
      contentType = `text/csv; charset=${CHARSETS[encoding]}`;
    }
    return { importId, fileName: entity.fileName, contentType, entity, path };
  }

  /** Streams the export to `output`. */
  async stream(importId: number, output: Writable): Promise<void> {
    const prepared = await this.prepare(importId);
    if (prepared.entity.fileFormat === 'csv') {
      await pipeline(Readable.from(this.csvChunks(prepared.entity, prepared.path)), output);
    } else {
      const workbook = await this.xlsxWorkbook(prepared.entity, prepared.path);
      await workbook.xlsx.write(output);
      output.end();
    }
  }

  /** Writes the export to `path` atomically. */
  async writeFile(importId: number, path: string): Promise<SourceExport> {
    const prepared = await this.prepare(importId);
    await writeFileAtomically(path, (output) => this.stream(importId, output));
    return { importId, fileName: prepared.fileName, contentType: prepared.contentType };
  }

  /**
   * The import's rows with their payments, in file order, page by page. A payout's row is its
   * payment's (payments.import_row_id); every line of an invoice reaches its invoice's payment
   * through invoice_lines, so each line carries the invoice's status, not only the first (whose
   * row the payment names). Settled amount and fees are the invoice's, and are written on its
   * first line only (`first_line`), so the file's columns add up to what was collected.
   */
  private async *rowStates(importId: number): AsyncGenerator<RowState> {
    const dataSource = await this.dataSource();
    const q = (name: string): string => dataSource.driver.escape(name);
    const stuck = await hasStuckAt(dataSource);
    // rp: the payment naming the row (a payout, or an invoice on its first line); ip: an invoice line's.
    const p = (column: string): string => `COALESCE(ip.${column}, rp.${column})`;
    // An invoice paid through its link after a declined collection: the attempt says nothing.
    const paidByLink = `(${p('status')} = 'COMPLETED' AND i.dollr_status = 'PAID' AND (a.state IS NULL OR a.state <> 'COMPLETED'))`;
    const sql = `SELECT r.id, r.${q('row_number')} AS ${q('row_number')}, r.status, r.errors, r.warnings,
        ${p('status')} AS payment_status${stuck ? `, ${p('stuck_at')} AS stuck_at` : ''},
        ${p('currency')} AS currency, ${p('amount_minor')} AS amount_minor,
        ${p('fee_minor')} AS fee_minor, ${p('payee_amount_minor')} AS payee_amount_minor,
        ${p('completed_at')} AS completed_at, ${p('reason')} AS reason,
        CASE WHEN ${paidByLink} THEN NULL ELSE a.reference_id END AS reference_id,
        CASE WHEN ${paidByLink} THEN i.dollr_status ELSE COALESCE(a.state, i.dollr_status) END AS dollr_status,
        CASE WHEN l.id IS NULL OR rp.id IS NOT NULL THEN 1 ELSE 0 END AS first_line
      FROM import_rows r
      LEFT JOIN payments rp ON rp.import_row_id = r.id
      LEFT JOIN invoice_lines l ON l.import_row_id = r.id
      LEFT JOIN invoices i ON i.id = l.invoice_id
      LEFT JOIN payments ip ON ip.id = i.payment_id
      LEFT JOIN payment_attempts a ON a.payment_id = ${p('id')} AND a.attempt_no = ${p('attempt_count')}
      WHERE +r.import_id = ? AND r.id > ? AND r.id <= ?
      ORDER BY r.id
      LIMIT ${PAGE_ROWS}`;
    // Keyset pages on the primary key, within the import's first and last row (see idRange).
    const range = await idRange(dataSource, 'import_rows', 'import_id', importId);
    if (range === null) return;
    let afterId = range.first - 1;
    for (;;) {
      const records = await dataSource.query<RowRecord[]>(sql, [importId, afterId, range.last]);
      for (const record of records) yield rowState(record);
      if (records.length < PAGE_ROWS) return;
      afterId = Number(records[records.length - 1]?.id);
    }
  }

  private async *csvRecords(
    path: string,
    encoding: TextEncoding,
    delimiter: Delimiter,
  ): AsyncGenerator<RawRecord> {
    const source = createReadStream(path, { highWaterMark: 256 * 1024 });
    const text = encoding === 'utf8' ? source : source.pipe(iconv.decodeStream(encoding));
    // The same options as the import's reader, so row numbers agree.
    const parser = text.pipe(
      parse({
        delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        raw: true,
      }),
    );
    let rowNumber = 0;
    try {
      for await (const item of parser) {
        const { record, raw } = item as { record: string[]; raw: string };
        rowNumber += 1;
        yield { rowNumber, cells: record, raw };
      }
    } finally {
      source.destroy();
    }
  }

  private async *csvChunks(entity: ImportEntity, path: string): AsyncGenerator<Buffer> {
    const fingerprint = await fingerprintFile(path);
    const { encoding, bomLength } = detectEncoding(fingerprint.head, fingerprint.validUtf8);
    const sample = iconv.decode(fingerprint.head.subarray(bomLength), encoding);
    const delimiter = detectDelimiter(sample);
    const eol = lineEndingOf(sample);
    if (bomLength > 0) yield BOMS[encoding];

    const states = this.rowStates(entity.id);
    let next = await states.next();
    let headerWidth = 0;
    let quoteAll = false;
    let text = '';
    for await (const record of this.csvRecords(path, encoding, delimiter)) {
      // csv-parse keeps part of the line ending in `raw`: take the record's own text, then end it
      // the file's way (unless it was the file's unterminated last line).
      const body = record.raw.replace(/^\ufeff/, '').replace(/[\r\n]+$/, '');
      const terminated = body.length !== record.raw.replace(/^\ufeff/, '').length;
      let appended: string[] | null = null;
      if (record.rowNumber === entity.headerRow) {
        headerWidth = record.cells.length;
        quoteAll =
          record.cells.length > 0 &&
          record.cells.map((c) => csvCell(c, delimiter, true)).join(delimiter) === body;
        appended = [...WRITE_BACK_HEADER];
      } else {
        while (next.done !== true && next.value.rowNumber < record.rowNumber) {
          next = await states.next();
        }
        if (next.done !== true && next.value.rowNumber === record.rowNumber) {
          const back = writeBackOf(next.value);
          if (back !== null) appended = writeBackCsvCells(back);
        }
      }
      let line = body;
      if (appended !== null) {
        const padding = delimiter.repeat(Math.max(headerWidth - record.cells.length, 0));
        line += `${padding}${delimiter}${appended.map((c) => csvCell(c, delimiter, quoteAll)).join(delimiter)}`;
      }
      text += terminated ? `${line}${eol}` : line;
      if (text.length >= 64 * 1024) {
        yield iconv.encode(text, encoding);
        text = '';
      }
    }
    if (text !== '') yield iconv.encode(text, encoding);
  }

  /** The kept workbook with the write-back columns filled in on the imported sheet. */
  private async xlsxWorkbook(entity: ImportEntity, path: string): Promise<ExcelJS.Workbook> {
    const workbook = new (loadExcelJs().Workbook)();
    await workbook.xlsx.readFile(path);
    const sheet =
      entity.sheet === null
        ? workbook.worksheets[0]
        : workbook.worksheets.find((w) => w.name === entity.sheet);
    if (sheet === undefined) {
      throw new ReportError(
        'SOURCE_FILE_MISSING',
        `The kept file of import ${entity.id} has no sheet "${entity.sheet ?? 1}".`,
      );
    }
    const header = sheet.getRow(entity.headerRow);
    let last = 0;
    header.eachCell((cell, column) => {
      if (cell.text.trim() !== '') last = column;
    });
    const first = last + 1;
    const headerStyle = last === 0 ? {} : { ...header.getCell(last).style };
    WRITE_BACK_HEADER.forEach((name, i) => {
      const cell = header.getCell(first + i);
      cell.value = name;
      cell.style = headerStyle;
    });
    const dateStyle: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
    for await (const state of this.rowStates(entity.id)) {
      const back = writeBackOf(state);
      if (back === null) continue;
      const row = sheet.getRow(state.rowNumber);
      const set = (
        offset: number,
        value: string | number | Date | null,
        style?: Partial<ExcelJS.Style>,
      ): void => {
        const cell = row.getCell(first + offset);
        cell.value = value;
        if (style !== undefined) cell.style = style;
      };
      const currencyStyle =
        back.currency !== null && isCurrencyCode(back.currency)
          ? moneyStyle(back.currency)
          : undefined;
      const text = (value: string | null): string | null =>
        value === null ? null : neutraliseFormula(value);
      set(0, text(back.status));
      set(1, text(back.referenceId));
      set(2, text(back.dollrStatus));
      set(3, back.settledAmount === null ? null : Number(back.settledAmount), currencyStyle);
      set(4, back.fees === null ? null : Number(back.fees), currencyStyle);
      set(5, back.completedAt, back.completedAt === null ? undefined : dateStyle);
      set(6, text(back.failureReason));
    }
    sheet.getColumn(first + 6).width = Math.max(sheet.getColumn(first + 6).width ?? 0, 40);
    sheet.getColumn(first + 1).width = Math.max(sheet.getColumn(first + 1).width ?? 0, 38);
    return workbook;
  }
}
