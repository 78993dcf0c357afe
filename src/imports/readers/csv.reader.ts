import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import iconv from 'iconv-lite';
import type { Readable } from 'node:stream';
import { ImportError } from '../import.errors';
import type { SheetRow } from '../normalise/cell';
import type { Delimiter } from './delimiter';
import { streamGroups } from './stream-groups';
import type { TextEncoding } from './text-encoding';

export interface CsvOptions {
  readonly encoding: TextEncoding;
  readonly delimiter: Delimiter;
}

/** Rows handed over at a time. */
const GROUP_ROWS = 1000;

/**
 * Streams the records of a CSV file, in groups. A record's row number is its position in the file
 * counting every record (blank lines included), which is the row number a spreadsheet shows; a
 * quoted cell may span several lines.
 */
export async function* readCsvRows(path: string, options: CsvOptions): AsyncGenerator<SheetRow[]> {
  const source: Readable = createReadStream(path, { highWaterMark: 256 * 1024 });
  const text =
    options.encoding === 'utf8' ? source : source.pipe(iconv.decodeStream(options.encoding));
  const parser = text.pipe(
    parse({
      delimiter: options.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    }),
  );
  let rowNumber = 0;
  try {
    for await (const records of streamGroups<string[]>(parser, GROUP_ROWS)) {
      const rows = new Array<SheetRow>(records.length);
      for (let i = 0; i < records.length; i += 1) {
        rowNumber += 1;
        rows[i] = { rowNumber, cells: records[i] };
      }
      yield rows;
    }
  } catch (error) {
    throw new ImportError(
      'FILE_UNREADABLE',
      `The CSV file could not be read after row ${rowNumber}: ${(error as Error).message}. Check for an unclosed quote (").`,
    );
  } finally {
    source.destroy();
  }
}
