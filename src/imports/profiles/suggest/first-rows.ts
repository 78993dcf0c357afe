import { stat } from 'node:fs/promises';
import { ImportError } from '../../import.errors';
import type { SheetRow } from '../../normalise/cell';
import { checkFileContent } from '../../readers/file-content';
import { fingerprintFile } from '../../readers/file-fingerprint';
import { fileLayout, openFile } from '../../readers/open-file';

export interface FirstRows {
  readonly rows: SheetRow[];
  /** The worksheet read; null for CSV. */
  readonly sheet: string | null;
}

/**
 * The first `limit` rows of a file, read as an import reads them (format, encoding, delimiter,
 * the chosen sheet) and checked the same way, without reading the rest.
 */
export async function readFirstRows(
  path: string,
  fileName: string,
  sheet: string | undefined,
  limit: number,
): Promise<FirstRows> {
  const info = await stat(path).catch(() => null);
  if (info === null || !info.isFile()) {
    throw new ImportError(
      'FILE_NOT_FOUND',
      `The file ${fileName} does not exist or cannot be opened.`,
    );
  }
  if (info.size === 0) throw new ImportError('FILE_EMPTY', `The file ${fileName} is empty.`);
  const fingerprint = await fingerprintFile(path);
  await checkFileContent(path, fileName, fingerprint);
  const file = openFile(path, fileLayout(fileName, fingerprint), sheet);
  const rows: SheetRow[] = [];
  for await (const group of file.rows) {
    rows.push(...group.slice(0, limit - rows.length));
    if (rows.length >= limit) break;
  }
  return { rows, sheet: file.sheetName() };
}
