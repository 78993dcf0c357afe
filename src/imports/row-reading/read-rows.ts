import { INSERT_BATCH_ROWS } from '../import-limits';
import type { StorableRow } from '../import.types';
import { type FileLayout, openFile } from '../readers/open-file';
import type { SheetState } from '../readers/xlsx.reader';
import { ImportRowProcessor } from '../row-processor';
import type { PeriodOfImport } from '../import.types';
import { storableRow } from '../storable-row';
import type { RowOptions } from '../validate/row-reader';

/** What reading a file needs: plain data, so that it can be handed to a worker thread. */
export interface ReadJob {
  readonly path: string;
  readonly layout: FileLayout;
  readonly sheet: string | undefined;
  readonly options: RowOptions;
}

/** What is known once every row was read. */
export interface RowsRead extends PeriodOfImport {
  readonly sheet: string | null;
  /** `hidden` or `veryHidden` when the sheet read is hidden in Excel (it was chosen by name). */
  readonly sheetState: SheetState | null;
  readonly headerRow: number;
  /** The header cells, trimmed. */
  readonly headers: string[];
}

/**
 * Reads, maps, normalises and validates the rows of a file, and hands them to `store` in batches
 * of INSERT_BATCH_ROWS, in file order, each once the one before is stored; returns what the import
 * records about the file once it was read. Duplicates of invoice lines point to "this file"
 * (importId null): the import's id is not known here. When `store` fails, reading stops.
 *
 * A loop that calls `store`, not an async generator yielding the batches: with the generator, a
 * 200,000-row workbook peaked at ~330 MiB in some runs instead of ~215 (its old generation filled
 * with rows that outlived the young one).
 */
export async function readStorableRows(
  job: ReadJob,
  store: (batch: StorableRow[]) => Promise<void>,
): Promise<RowsRead> {
  const file = openFile(job.path, job.layout, job.sheet);
  const processor = new ImportRowProcessor(job.options, null, () => file.sheetName());
  let batch: StorableRow[] = [];
  for await (const group of file.rows) {
    for (const sheetRow of group) {
      const row = processor.process(sheetRow);
      if (row === null) continue;
      batch.push(storableRow(row));
      if (batch.length >= INSERT_BATCH_ROWS) {
        await store(batch);
        batch = [];
      }
    }
  }
  if (batch.length > 0) await store(batch);
  const map = processor.finish();
  return {
    sheet: file.sheetName(),
    sheetState: file.sheetState(),
    headerRow: map.headerRow,
    headers: map.headers.map((h) => h.trim()),
    ...processor.period,
  };
}
