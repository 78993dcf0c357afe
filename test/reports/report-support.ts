import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';

/** CSV text read back as the cells a spreadsheet would show. */
export function parseCsv(input: Buffer | string, delimiter = ','): string[][] {
  const records: unknown = parse(input, { bom: true, delimiter, relax_column_count: true });
  return records as string[][];
}

export function readCsv(path: string, delimiter = ','): string[][] {
  return parseCsv(readFileSync(path), delimiter);
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return workbook;
}

export async function readWorkbookBuffer(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

/** The values of a sheet's row (1-based exceljs values without the leading hole). */
export function rowValues(sheet: ExcelJS.Worksheet, row: number): unknown[] {
  const values = sheet.getRow(row).values;
  return Array.isArray(values) ? values.slice(1) : [];
}

/** Every row of a sheet from `from` on, as arrays of values. */
export function sheetRows(sheet: ExcelJS.Worksheet, from = 1): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = from; r <= sheet.rowCount; r += 1) rows.push(rowValues(sheet, r));
  return rows;
}
