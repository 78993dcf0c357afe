import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** An error report (or any CSV) read back as rows of cells. */
export function csvTable(bytes: Buffer): string[][] {
  return parse(bytes, { bom: true });
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && !(value instanceof Date)) return JSON.stringify(value);
  return value instanceof Date ? value.toISOString() : String(value);
}

/** The first sheet of an .xlsx error report read back as rows of cells. */
export async function xlsxTable(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const table: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) => {
    // exceljs row values are 1-based and sparse.
    const values = (row.values as ExcelJS.CellValue[]).slice(1);
    table.push(Array.from(values, cellText));
  });
  return table;
}
