import iconv from 'iconv-lite';
import type { SheetRow } from '../normalise/cell';
import { readCsvRows } from './csv.reader';
import { type Delimiter, detectDelimiter } from './delimiter';
import type { FileFingerprint } from './file-fingerprint';
import { detectFileFormat, type FileFormat } from './file-format';
import { detectEncoding, type TextEncoding } from './text-encoding';
import { readXlsxRows, type SheetState } from './xlsx.reader';

/** What a file is: its format and, for a CSV, its encoding and delimiter. */
export interface FileLayout {
  readonly format: FileFormat;
  readonly encoding: TextEncoding | null;
  readonly delimiter: Delimiter | null;
}

export interface OpenedFile {
  /** The rows in file order, in groups. */
  readonly rows: AsyncGenerator<SheetRow[]>;
  readonly sheetName: () => string | null;
  /** `hidden` or `veryHidden` when the worksheet read is hidden in Excel; null otherwise (and for CSV). */
  readonly sheetState: () => SheetState | null;
}

/** The layout of a fingerprinted file, from its name and first bytes. */
export function fileLayout(fileName: string, fingerprint: FileFingerprint): FileLayout {
  const format = detectFileFormat(fileName, fingerprint.head);
  if (format === 'xlsx') return { format, encoding: null, delimiter: null };
  const { encoding, bomLength } = detectEncoding(fingerprint.head, fingerprint.validUtf8);
  const sample = iconv.decode(fingerprint.head.subarray(bomLength), encoding);
  return { format, encoding, delimiter: detectDelimiter(sample) };
}

/** Opens a file as a stream of rows, whatever its format, encoding or delimiter. */
export function openFile(path: string, layout: FileLayout, sheet: string | undefined): OpenedFile {
  if (layout.format === 'xlsx') return readXlsxRows(path, sheet);
  return {
    rows: readCsvRows(path, {
      encoding: layout.encoding ?? 'utf8',
      delimiter: layout.delimiter ?? ',',
    }),
    sheetName: () => null,
    sheetState: () => null,
  };
}
