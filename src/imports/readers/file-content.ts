import iconv from 'iconv-lite';
import { ImportError } from '../import.errors';
import {
  XLSX_MAX_COMPRESSION_RATIO,
  XLSX_MAX_ENTRIES,
  XLSX_MAX_UNCOMPRESSED_BYTES,
  XLSX_RATIO_MIN_BYTES,
} from '../import-limits';
import type { FileFingerprint } from './file-fingerprint';
import { detectFileFormat } from './file-format';
import { detectEncoding } from './text-encoding';
import {
  readZipDirectory,
  verifyZipSizes,
  ZipFormatError,
  ZipSizeMismatchError,
  type ZipEntry,
} from './zip-archive';

const SAVE_AS =
  'Open it in Excel and save it as "Excel Workbook (.xlsx)" or "CSV UTF-8", then import that file.';

/**
 * Parts every Excel workbook has, matched without case; the workbook part may have another name
 * when the package's relationships (_rels/.rels) point to it.
 */
const REQUIRED_PARTS: readonly { name: string; or?: string }[] = [
  { name: '[Content_Types].xml' },
  { name: 'xl/workbook.xml', or: '_rels/.rels' },
];

/**
 * Checks that the file is what it will be read as, whatever its name says: a CSV must be text,
 * and an .xlsx a real workbook that expands to a sane size (a zip bomb is refused, not read).
 */
export async function checkFileContent(
  path: string,
  fileName: string,
  fingerprint: FileFingerprint,
): Promise<void> {
  if (detectFileFormat(fileName, fingerprint.head) === 'xlsx') {
    await checkXlsxArchive(path, fileName);
  } else {
    checkTextContent(fileName, fingerprint.head, fingerprint.validUtf8);
  }
}

/** Share of control characters (other than tab, line breaks, form feed) above which it is binary. */
const MAX_CONTROL_SHARE = 0.01;

export function checkTextContent(fileName: string, head: Buffer, validUtf8: boolean): void {
  const { encoding, bomLength } = detectEncoding(head, validUtf8);
  const text = iconv.decode(head.subarray(bomLength), encoding);
  let control = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0) {
      control = text.length;
      break;
    }
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c)
      control += 1;
  }
  if (text.length > 0 && control / text.length > MAX_CONTROL_SHARE) {
    throw new ImportError(
      'FILE_UNSUPPORTED',
      `${fileName} is not a text (CSV) file: it holds binary data. Import a .csv or .xlsx file; ${SAVE_AS}`,
    );
  }
}

export async function checkXlsxArchive(path: string, fileName: string): Promise<void> {
  let entries: ZipEntry[];
  try {
    entries = await readZipDirectory(path, XLSX_MAX_ENTRIES);
  } catch (error) {
    if (error instanceof ZipFormatError) throw notAWorkbook(fileName, error.message);
    throw error;
  }
  const names = new Set(entries.map((e) => e.name.toLowerCase()));
  const missing = REQUIRED_PARTS.filter(
    (part) =>
      !names.has(part.name.toLowerCase()) &&
      (part.or === undefined || !names.has(part.or.toLowerCase())),
  );
  if (missing.length > 0) {
    throw notAWorkbook(
      fileName,
      `it is a zip archive without ${missing.map((part) => part.name).join(' and ')}`,
    );
  }
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > XLSX_MAX_UNCOMPRESSED_BYTES) {
    throw unsafe(
      fileName,
      `it would expand to ${mib(total)} MiB, more than the ${mib(XLSX_MAX_UNCOMPRESSED_BYTES)} MiB allowed`,
      { uncompressedBytes: total, maxUncompressedBytes: XLSX_MAX_UNCOMPRESSED_BYTES },
    );
  }
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > XLSX_RATIO_MIN_BYTES && ratio > XLSX_MAX_COMPRESSION_RATIO) {
      throw unsafe(
        fileName,
        `its part ${entry.name} expands ${Math.round(ratio)} times (${mib(entry.uncompressedSize)} MiB), more than the ${XLSX_MAX_COMPRESSION_RATIO} times a spreadsheet does`,
        { part: entry.name, ratio: Math.round(ratio), maxRatio: XLSX_MAX_COMPRESSION_RATIO },
      );
    }
  }
  try {
    await verifyZipSizes(path, entries);
  } catch (error) {
    if (error instanceof ZipSizeMismatchError) {
      throw unsafe(fileName, `its part ${error.entry} expands to more than the archive declares`, {
        part: error.entry,
      });
    }
    if (error instanceof ZipFormatError) throw notAWorkbook(fileName, error.message);
    throw error;
  }
}

function mib(bytes: number): string {
  return Number((bytes / 1024 / 1024).toFixed(1)).toString();
}

function notAWorkbook(fileName: string, why: string): ImportError {
  return new ImportError(
    'FILE_UNREADABLE',
    `${fileName} could not be read as an Excel workbook (.xlsx): ${why}. It may be damaged or renamed. ${SAVE_AS}`,
  );
}

function unsafe(fileName: string, why: string, details: Record<string, unknown>): ImportError {
  return new ImportError(
    'FILE_UNSAFE',
    `${fileName} was refused without being read: ${why}. A zip bomb or a damaged file looks like this; export the workbook again from Excel.`,
    details,
  );
}
