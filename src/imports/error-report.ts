import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { neutraliseFormula, xlsxTextCell } from '../common/formula-guard';
import { loadExcelJs } from '../common/load-exceljs';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ImportError } from './import.errors';
import { ImportStore } from './import.store';
import { describeIssues } from './issue-text';

export type ReportFormat = 'csv' | 'xlsx';

/** Rows in the error report: those that will not be paid because of a problem. */
const REPORTED = ['invalid', 'duplicate'] as const;
const PAGE_ROWS = 1000;

export function reportFormatOf(path: string): ReportFormat {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.xlsx') return 'xlsx';
  throw new ImportError(
    'IMPORT_OPTIONS_INVALID',
    `The error report is written as .csv or .xlsx; "${path}" is neither.`,
  );
}

/**
 * The error report of an import: the file's own columns, then the row number and every problem of
 * the row in words, for each invalid or duplicate row. The user can fix the rows in it and import
 * it again (the two extra columns are ignored).
 */
@Injectable()
export class ErrorReportService {
  constructor(private readonly store: ImportStore) {}

  private async *lines(importId: number): AsyncGenerator<string[]> {
    const entity = await this.store.get(importId);
    if (entity === null) {
      throw new ImportError('IMPORT_NOT_FOUND', `There is no import ${importId}.`);
    }
    yield [...entity.headers, 'Row', 'Errors'];
    let afterId = 0;
    for (;;) {
      const rows = await this.store.rows(importId, {
        statuses: REPORTED,
        afterId,
        limit: PAGE_ROWS,
      });
      for (const row of rows) {
        const cells = entity.headers.map((_, i) => row.raw[i] ?? '');
        const issues = row.status === 'duplicate' ? [...row.errors, ...row.warnings] : row.errors;
        yield [...cells, String(row.rowNumber), describeIssues(issues)];
      }
      if (rows.length < PAGE_ROWS) return;
      afterId = rows[rows.length - 1]?.id ?? afterId;
    }
  }

  /** Streams the report to `output` (an HTTP response or a file). */
  async stream(importId: number, format: ReportFormat, output: Writable): Promise<void> {
    const lines = this.lines(importId);
    // Fail before anything is written when the import does not exist.
    const first = await lines.next();
    if (first.done === true) return;
    if (format === 'csv') {
      const csv = stringify({ bom: true });
      const feed = (async () => {
        csv.write(first.value.map(neutraliseFormula));
        for await (const line of lines) {
          if (!csv.write(line.map(neutraliseFormula))) {
            await new Promise((resolve) => csv.once('drain', resolve));
          }
        }
        csv.end();
      })();
      await Promise.all([pipeline(csv, output), feed]);
      return;
    }
    const workbook = new (loadExcelJs().stream.xlsx.WorkbookWriter)({
      stream: output,
      useSharedStrings: false,
      useStyles: true,
    });
    const sheet = workbook.addWorksheet('Errors');
    sheet.addRow(first.value.map(neutraliseFormula)).commit();
    for await (const line of lines) sheet.addRow(line.map(xlsxTextCell)).commit();
    sheet.commit();
    await workbook.commit();
  }

  /** Writes the report to `path` atomically (a .tmp file renamed when complete). */
  async writeFile(importId: number, path: string): Promise<void> {
    const format = reportFormatOf(path);
    const temporary = `${path}.tmp`;
    try {
      await this.stream(importId, format, createWriteStream(temporary));
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }
}
