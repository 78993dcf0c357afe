import iconv from 'iconv-lite';
import type { SheetRow } from '../normalise/cell';
import { readCsvRows } from './csv.reader';
import { type Delimiter, detectDelimiter } from './delimiter';
import type { FileFingerprint } from './file-fingerprint';
import { detectFileFormat, type FileFormat } from './file-format';
import { detectEncoding, type TextEncoding } from './text-encoding';
import { readXlsxRows } from './xlsx.reader';

export interface OpenedFile {
  readonly format: FileFormat;
  /** The rows in file order, in groups. */
  readonly rows: AsyncGenerator<SheetRow[]>;
  readonly encoding: TextEncoding | null;
  readonly delimiter: Delimiter | null;
  readonly sheetName: () => string | null;
}

/** Opens a fingerprinted file as a stream of rows, whatever its format, encoding or delimiter. */
export function openFile(
  path: string,
  fileName: string,
  fingerprint: FileFingerprint,
  sheet: string | undefined,
): OpenedFile {
  const format = detectFileFormat(fileName, fingerprint.head);
  if (format === 'xlsx') {
    const source = readXlsxRows(path, sheet);
    return {
      format,
      rows: source.rows,
      encoding: null,
      delimiter: null,
      sheetName: source.sheetName,
    };
  }
  const { encoding, bomLength } = detectEncoding(fingerprint.head, fingerprint.validUtf8);
  const sample = iconv.decode(fingerprint.head.subarray(bomLength), encoding);
  const delimiter = detectDelimiter(sample);
  return {
    format,
    rows: readCsvRows(path, { encoding, delimiter }),
    encoding,
    delimiter,
    sheetName: () => null,
  };
}
