import type { ImportKind } from '../../import.types';
import { HEADER_SCAN_ROWS } from '../../import-limits';
import { readFirstRows } from './first-rows';
import { type ProfileSuggestion, SAMPLE_ROWS, suggestProfile } from './suggest-profile';

/** `YYYY-MM` of today: the period a payable with none pays, as an import on this day would. */
export function currentMonth(): string {
  return new Date().toISOString().slice(0, 7);
}

export interface SuggestFileInput {
  readonly path: string;
  readonly fileName: string;
  readonly sheet?: string;
  readonly kind?: ImportKind;
  readonly headerRow?: number;
  readonly headerRowOption: string;
}

/**
 * The suggestion for a file, from only its first rows: enough to find the header (or reach the
 * row given for it) and show the rows under it.
 */
export async function suggestForFile(input: SuggestFileInput): Promise<ProfileSuggestion> {
  const limit = Math.max(HEADER_SCAN_ROWS, input.headerRow ?? 0) + SAMPLE_ROWS;
  const first = await readFirstRows(input.path, input.fileName, input.sheet, limit);
  return suggestProfile({
    rows: first.rows,
    fileName: input.fileName,
    sheet: first.sheet,
    sheetChosen: input.sheet !== undefined,
    kind: input.kind,
    headerRow: input.headerRow,
    headerRowOption: input.headerRowOption,
    importMonth: currentMonth(),
  });
}
