import type ExcelJS from 'exceljs';

/**
 * exceljs, loaded when a workbook is first read or written: it costs ~25 MiB of memory and
 * ~0.1–0.2 s to load, which a CSV import, most CLI commands and a service that never touches an
 * .xlsx do not need to pay.
 */
export function loadExcelJs(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as typeof ExcelJS;
}
