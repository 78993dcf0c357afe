import type ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { ImportError } from '../import.errors';
import type { Cell, SheetRow } from '../normalise/cell';
import { loadExcelJs } from '../../common/load-exceljs';

/** Options of the exceljs streaming reader; styles are needed to recognise date cells. */
export const XLSX_READER_OPTIONS = {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'ignore',
} as const;

function isoOf(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A cell's value as read: formulas give their cached result, rich text its plain text. */
export function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoOf(value);
  if (typeof value === 'object') {
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: unknown;
    };
    if ('result' in v) return cellOf(v.result);
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return cellOf(v.text);
    if ('error' in v) return String(v.error);
  }
  return '';
}

export function cellsOf(values: unknown): Cell[] {
  if (!Array.isArray(values)) return [];
  const cells: Cell[] = new Array<Cell>(Math.max(values.length - 1, 0));
  // exceljs row values are 1-based and sparse.
  for (let i = 1; i < values.length; i += 1) cells[i - 1] = cellOf(values[i]);
  return cells;
}

function matches(sheet: string | undefined, name: string, position: number): boolean {
  if (sheet === undefined) return position === 1;
  if (/^\d+$/.test(sheet)) return Number(sheet) === position;
  return name.trim().toLowerCase() === sheet.trim().toLowerCase();
}

export interface XlsxSource {
  /** The rows, in groups as exceljs parses them (a few hundred at a time). */
  readonly rows: AsyncGenerator<SheetRow[]>;
  /** The name of the sheet read, known once the first row has been read. */
  readonly sheetName: () => string | null;
}

interface SheetEvent {
  readonly eventType: string;
  readonly value: unknown;
}

/**
 * Streams the rows of one worksheet with exceljs's streaming reader: the first sheet, or the one
 * named or numbered (1-based, in tab order) by `sheet`. Rows are taken from the reader's event
 * groups rather than one by one, and each exceljs row is turned into plain cells at once so that
 * its objects can be collected early.
 */
export function readXlsxRows(path: string, sheet: string | undefined): XlsxSource {
  let chosen: string | null = null;
  async function* rows(): AsyncGenerator<SheetRow[]> {
    const input = createReadStream(path, { highWaterMark: 256 * 1024 });
    const names: string[] = [];
    let stage = 'opening the workbook';
    try {
      const workbook = new (loadExcelJs().stream.xlsx.WorkbookReader)(input, XLSX_READER_OPTIONS);
      for await (const worksheet of workbook) {
        const name = (worksheet as unknown as { name: string }).name;
        names.push(name);
        if (chosen !== null || !matches(sheet, name, names.length)) {
          // Read through and dropped, never just skipped: a sheet stored before the workbook's
          // shared strings is spooled by exceljs to a temporary file, which it deletes once the
          // sheet is read, or under the feet of a reader that has not opened it yet.
          for await (const events of worksheet.parse() as unknown as AsyncIterable<unknown[]>) {
            events.length = 0;
          }
          continue;
        }
        chosen = name;
        stage = `reading sheet "${name}"`;
        const groups = worksheet.parse() as unknown as AsyncIterable<SheetEvent[]>;
        for await (const events of groups) {
          const group: SheetRow[] = [];
          for (const event of events) {
            if (event.eventType !== 'row') continue;
            const row = event.value as ExcelJS.Row;
            group.push({ rowNumber: row.number, cells: cellsOf(row.values) });
          }
          // The exceljs rows are no longer needed while this group is processed.
          events.length = 0;
          if (group.length > 0) yield group;
        }
      }
      if (chosen !== null) return;
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw new ImportError(
        'FILE_UNREADABLE',
        `The Excel file could not be read while ${stage} (it may be damaged): ${(error as Error).message}`,
      );
    } finally {
      input.destroy();
    }
    throw names.length === 0
      ? new ImportError('FILE_UNREADABLE', 'The Excel file has no worksheets.')
      : new ImportError(
          'SHEET_NOT_FOUND',
          `The workbook has no sheet "${sheet ?? 1}". Its sheets are: ${names.map((n, i) => `${i + 1} "${n}"`).join(', ')}.`,
          { sheets: names },
        );
  }
  return { rows: rows(), sheetName: () => chosen };
}
