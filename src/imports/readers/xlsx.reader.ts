import { ImportError } from '../import.errors';
import type { SheetRow } from '../normalise/cell';
import { openZipEntry, readZipEntry, ZipFormatError } from './zip-archive';
import { openWorkbookPackage, type SheetState, type WorkbookSheet } from './xlsx/package';
import { readSharedStrings } from './xlsx/shared-strings';
import { sheetHasAutoFilter } from './xlsx/sheet-filter';
import { type ParsedRows, SheetParser } from './xlsx/sheet-parser';
import { readDateStyles } from './xlsx/styles';
import { parseXmlStream, XlsxFormatError } from './xlsx/xml';

export type { SheetState };

/** Bytes of a sheet inflated and parsed at a time: each chunk's rows are handed over together. */
const SHEET_CHUNK_BYTES = 64 * 1024;

export const HIDDEN_ROW_NOTE =
  'is hidden in Excel: it is imported like any other row (delete it from the file if it should not be)';
export const FILTERED_ROW_NOTE =
  'is filtered out in Excel (hidden by a filter): it is imported like any other row (delete it from the file if it should not be)';

export interface XlsxSource {
  /** The rows, in groups (the rows of each chunk of the sheet's XML). */
  readonly rows: AsyncGenerator<SheetRow[]>;
  /** The name of the sheet read, known once reading has begun. */
  readonly sheetName: () => string | null;
  /** `hidden` or `veryHidden` when the sheet read is hidden in Excel; null when it shows. */
  readonly sheetState: () => SheetState | null;
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/** The tabs as Excel shows them (numbered), then the hidden ones, which are read only by name. */
function sheetList(sheets: readonly WorkbookSheet[]): string {
  const shown = sheets.filter((s) => s.state === 'visible').map((s, i) => `${i + 1} "${s.name}"`);
  const hidden = sheets.filter((s) => s.state !== 'visible').map((s) => s.name);
  const listed =
    shown.length > 0 ? `Its sheets are: ${shown.join(', ')}.` : 'It shows no sheets in Excel.';
  return hidden.length === 0
    ? listed
    : `${listed} Hidden in Excel, and read only when named: ${quoted(hidden)}.`;
}

function notFound(sheets: readonly WorkbookSheet[], message: string): ImportError {
  return new ImportError('SHEET_NOT_FOUND', `${message} ${sheetList(sheets)}`, {
    sheets: sheets.filter((s) => s.state === 'visible').map((s) => s.name),
    hiddenSheets: sheets.filter((s) => s.state !== 'visible').map((s) => s.name),
  });
}

/**
 * The sheet to read: by default the first tab Excel shows; `--sheet N` counts the tabs Excel shows
 * (hidden ones are not numbered); a name (any case, spaces around ignored) finds any sheet,
 * hidden ones included.
 */
export function chooseSheet(
  sheets: readonly WorkbookSheet[],
  wanted: string | undefined,
): WorkbookSheet {
  const worksheets = sheets.filter((s) => s.kind === 'worksheet');
  if (worksheets.length === 0) {
    throw new ImportError(
      'FILE_UNREADABLE',
      sheets.length === 0
        ? 'The Excel file has no worksheets.'
        : 'The Excel file has no worksheets, only charts.',
    );
  }
  const asked = wanted?.trim() ?? '';
  if (asked === '') {
    return worksheets.find((s) => s.state === 'visible') ?? worksheets[0];
  }
  let found: WorkbookSheet | undefined;
  if (/^\d+$/.test(asked)) {
    found = sheets.filter((s) => s.state === 'visible')[Number(asked) - 1];
  }
  const key = asked.toLowerCase();
  found ??= sheets.find((s) => s.name.trim().toLowerCase() === key);
  if (found === undefined) {
    throw notFound(sheets, `The workbook has no sheet "${asked}".`);
  }
  if (found.kind !== 'worksheet') {
    throw notFound(sheets, `The sheet "${found.name}" is a chart, not rows and columns.`);
  }
  return found;
}

function unreadable(stage: string, error: unknown): ImportError {
  const why =
    error instanceof XlsxFormatError || error instanceof ZipFormatError
      ? error.message
      : 'its content is not laid out as Excel lays out a workbook';
  return new ImportError(
    'FILE_UNREADABLE',
    `The Excel file could not be read while ${stage}: ${why}. It may be damaged: open it in Excel, save it again as "Excel Workbook (.xlsx)" and import that file.`,
  );
}

/** The tabs of a workbook in order, with their visibility. */
export async function listSheets(
  path: string,
): Promise<{ name: string; state: SheetState; kind: WorkbookSheet['kind'] }[]> {
  try {
    const workbook = await openWorkbookPackage(path);
    return workbook.sheets.map(({ name, state, kind }) => ({ name, state, kind }));
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw unreadable('opening the workbook', error);
  }
}

/**
 * Streams the rows of one worksheet: read from the zip's directory, so the parts are taken in the
 * order they are needed (shared strings and styles, then the sheet) whatever their order in the
 * file. Only the chosen sheet is inflated.
 */
export function readXlsxRows(path: string, wanted: string | undefined): XlsxSource {
  let chosen: WorkbookSheet | null = null;

  async function* rows(): AsyncGenerator<SheetRow[]> {
    let stage = 'opening the workbook';
    try {
      const workbook = await openWorkbookPackage(path);
      const sheet = chooseSheet(workbook.sheets, wanted);
      chosen = sheet;
      stage = 'reading its shared text';
      const strings =
        workbook.sharedStrings === null
          ? []
          : await readSharedStrings(
              workbook.sharedStrings.name,
              await openZipEntry(path, workbook.sharedStrings, 256 * 1024),
            );
      stage = 'reading its styles';
      const dateStyles =
        workbook.styles === null
          ? []
          : readDateStyles(workbook.styles.name, await readZipEntry(path, workbook.styles));
      stage = `reading sheet "${sheet.name}"`;
      const part = sheet.part;
      if (part === null) {
        throw new XlsxFormatError(`the file has no content for the sheet "${sheet.name}"`);
      }
      const parser = new SheetParser({
        sheetName: sheet.name,
        sharedStrings: strings,
        dateStyles,
        date1904: workbook.date1904,
      });
      let filtered: boolean | null = sheet.hasFilter ? true : null;
      const input = await openZipEntry(path, part, SHEET_CHUNK_BYTES);
      try {
        const groups = parseXmlStream(part.name, input, parser, () => parser.take());
        for await (const group of groups) {
          if (group.hidden.length > 0) {
            filtered ??= parser.filterMode || (await sheetHasAutoFilter(path, part));
            noteHidden(group, filtered ? FILTERED_ROW_NOTE : HIDDEN_ROW_NOTE);
          }
          yield group.rows;
        }
      } finally {
        input.destroy();
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      throw unreadable(stage, error);
    }
  }

  return {
    rows: rows(),
    sheetName: () => chosen?.name ?? null,
    sheetState: () => (chosen === null || chosen.state === 'visible' ? null : chosen.state),
  };
}

function noteHidden(group: ParsedRows, note: string): void {
  for (const index of group.hidden) {
    const row = group.rows[index];
    if (row !== undefined) group.rows[index] = { ...row, notes: [...(row.notes ?? []), note] };
  }
}
