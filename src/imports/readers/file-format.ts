import { extname } from 'node:path';
import { ImportError } from '../import.errors';

export type FileFormat = 'csv' | 'xlsx';

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const SAVE_AS =
  'Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then import that file.';

/**
 * The file's format from its name and first bytes. Old binary workbooks (.xls), macro-enabled
 * ones (.xlsm) and anything that is neither CSV nor .xlsx are refused with what to do instead.
 */
export function detectFileFormat(fileName: string, head: Buffer): FileFormat {
  const extension = extname(fileName).toLowerCase();
  const zip = head.subarray(0, 4).equals(ZIP);
  const ole = head.subarray(0, 8).equals(OLE);
  if (extension === '.xlsm' || extension === '.xltm') {
    throw new ImportError(
      'FILE_UNSUPPORTED',
      `${fileName} is a macro-enabled workbook (${extension}), which is not accepted. ${SAVE_AS}`,
    );
  }
  if (extension === '.xls' || extension === '.xlt' || ole) {
    throw new ImportError(
      'FILE_UNSUPPORTED',
      `${fileName} is an old Excel 97-2003 workbook (.xls) or a password-protected one, which cannot be read. ${SAVE_AS}`,
    );
  }
  if (extension === '.xlsx') {
    if (!zip) {
      throw new ImportError(
        'FILE_UNREADABLE',
        `${fileName} is named .xlsx but is not an Excel workbook (it may be damaged or renamed). ${SAVE_AS}`,
      );
    }
    return 'xlsx';
  }
  if (['.csv', '.txt', '.tsv', ''].includes(extension)) {
    if (zip) return 'xlsx';
    return 'csv';
  }
  throw new ImportError(
    'FILE_UNSUPPORTED',
    `${fileName} is not a file type that can be imported: use a .csv or .xlsx file.`,
  );
}
