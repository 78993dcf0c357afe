/**
 * Every .xlsx the repository holds (test/fixtures, recursively, and samples/), read by the
 * connector's reader and by SheetJS (xlsx 0.18.5, an independent reader): the same sheets, names,
 * order and visibility, the same values in the same cells, the same hidden rows.
 *
 * Where the two readers give a value in different shapes, SheetJS's is brought to ours:
 * - numbers in a date format (SheetJS's own judgement, XLSX.SSF.is_date) are turned into ISO text
 *   with SheetJS's own date arithmetic (SSF.parse_date_code) and the workbook's date1904;
 * - booleans become 'TRUE'/'FALSE'; an error cell (t: 'e') becomes its text (w, e.g. '#VALUE!'),
 *   and our reader must also have reported a problem for that cell.
 * Where they disagree by design, it is said at the place:
 * - an ISO date cell (t="d") without a date style: with cellDates false SheetJS turns it into a
 *   serial number under the cell's own format (General), losing that it was a date; its cellDates
 *   reading (t: 'd') says it was one, and that reading is used for those cells;
 * - an elapsed-time format ([h]:mm, [mm]:ss) is a duration: SheetJS calls it a date, we keep the
 *   number (a date of 1900-01-01 for "30 hours" would be wrong in an amount or a quantity);
 * - a formula without a stored result: SheetJS has no value (a stub cell, t: 'z'); ours is '' with
 *   a problem on the row;
 * - a row hidden="true" (an xsd:boolean as LibreOffice writes it): SheetJS 0.18.5 takes a row as
 *   hidden only when hidden="1" (xlsx.js: `tag.hidden == "1"`, where columns use parsexmlbool).
 *   Such a row, hidden to us and not to SheetJS, must have hidden="true" in the raw XML of one of
 *   the workbook's sheets, as SheetJS's own zip reader (XLSX.CFB) gives it;
 * - a damaged workbook is refused by our reader; SheetJS reads what it can without a word
 *   (damaged.xlsx: a sheet with no rows) or refuses it in its own words (corrupt.xlsx).
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as XLSX from 'xlsx';
import { ImportError } from '../import.errors';
import type { Cell } from '../normalise/cell';
import { isDateFormatCode } from './xlsx/number-formats';
import { FILTERED_ROW_NOTE, HIDDEN_ROW_NOTE, listSheets, readXlsxRows } from './xlsx.reader';

const ROOT = resolve(__dirname, '..', '..', '..');

function workbooksUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.toLowerCase().endsWith('.xlsx'))
    .map((name) => join(dir, name))
    .sort();
}

const FILES = [
  ...workbooksUnder(join(ROOT, 'test', 'fixtures')),
  ...workbooksUnder(join(ROOT, 'samples')),
];

/** Files our reader refuses, and why; SheetJS is not asked about their cells (see above). */
const REFUSED: Record<string, RegExp> = {
  'test/fixtures/not-ok/corrupt.xlsx': /no zip central directory was found/,
  'test/fixtures/workbooks/damaged.xlsx': /is not well-formed XML/,
};

const STATES = ['visible', 'hidden', 'veryHidden'] as const;

/** The part of SheetJS's number formatter (SSF) used here: its typings leave it untyped. */
interface NumberFormatter {
  is_date(format: string): boolean;
  parse_date_code(
    serial: number,
    options: { date1904: boolean },
  ): { y: number; m: number; d: number; H: number; M: number; S: number };
}
const SSF = XLSX.SSF as NumberFormatter;

/** The part of SheetJS's zip reader used here (untyped too). */
interface ZipReader {
  read(path: string, options: { type: 'file' }): { FullPaths: string[] };
  find(container: { FullPaths: string[] }, path: string): { content: Uint8Array } | null;
}
const CFB = XLSX.CFB as ZipReader;

/** Rows written hidden="true" in any worksheet part of the file: their numbers. */
function rowsWrittenHiddenTrue(path: string): Set<number> {
  const container = CFB.read(path, { type: 'file' });
  const rows = new Set<number>();
  for (const full of container.FullPaths.filter((p) => /worksheets\/[^/]+\.xml$/i.test(p))) {
    const content = CFB.find(container, full.replace(/^Root Entry/, ''))?.content;
    const xml = content === undefined ? '' : Buffer.from(content).toString('utf8');
    for (const [tag] of xml.matchAll(/<row\b[^>]*>/g)) {
      const r = /\sr="(\d+)"/.exec(tag)?.[1];
      if (r !== undefined && /\shidden="true"/.test(tag)) rows.add(Number(r));
    }
  }
  return rows;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** SheetJS's reading of a date serial, as our ISO text: the date alone at midnight. */
function isoOfSerial(serial: number, date1904: boolean): string {
  const d = SSF.parse_date_code(serial, { date1904 });
  const day = `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`;
  return d.H === 0 && d.M === 0 && d.S === 0 ? day : `${day}T${pad(d.H)}:${pad(d.M)}:${pad(d.S)}`;
}

function isoOfDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** An elapsed-time format: SheetJS's date, our number (see above). */
function isElapsed(format: string): boolean {
  return SSF.is_date(format) && !isDateFormatCode(format) && /\[(h+|m+|s+)\]/i.test(format);
}

interface SheetValues {
  /** A1 address → value, for the cells that are not blank. */
  readonly cells: Record<string, Cell>;
  /** Addresses of cells that are errors (SheetJS) or have a problem (ours). */
  readonly problems: string[];
  /** Row number → the note on a hidden row. */
  readonly hidden: Record<number, string>;
}

function sheetJsValues(
  sheet: XLSX.WorkSheet,
  withDates: XLSX.WorkSheet,
  date1904: boolean,
): SheetValues {
  const cells: Record<string, Cell> = {};
  const problems: string[] = [];
  for (const address of Object.keys(sheet)) {
    if (address.startsWith('!')) continue;
    const cell = sheet[address] as XLSX.CellObject;
    const format = typeof cell.z === 'string' ? cell.z : 'General';
    let value: Cell;
    switch (cell.t) {
      case 's':
        value = String(cell.v);
        break;
      case 'b':
        value = cell.v === true ? 'TRUE' : 'FALSE';
        break;
      case 'e':
        value = cell.w ?? '';
        problems.push(address);
        break;
      case 'n': {
        const n = cell.v as number;
        const dated = withDates[address] as XLSX.CellObject | undefined;
        if (isElapsed(format)) value = n;
        else if (SSF.is_date(format)) value = isoOfSerial(n, date1904);
        // An ISO date cell without a date style (see above).
        else if (dated?.t === 'd' && dated.v instanceof Date) value = isoOfDate(dated.v);
        else value = n;
        break;
      }
      default:
        continue;
    }
    if (value !== '') cells[address] = value;
  }
  const hidden: Record<number, string> = {};
  const note = sheet['!autofilter'] === undefined ? HIDDEN_ROW_NOTE : FILTERED_ROW_NOTE;
  (sheet['!rows'] ?? []).forEach((row, index) => {
    if (row?.hidden === true) hidden[index + 1] = note;
  });
  return { cells, problems: problems.sort(), hidden };
}

async function ourValues(path: string, sheet: string): Promise<SheetValues> {
  const cells: Record<string, Cell> = {};
  const problems: string[] = [];
  const hidden: Record<number, string> = {};
  for await (const group of readXlsxRows(path, sheet).rows) {
    for (const row of group) {
      row.cells.forEach((cell, column) => {
        if (cell !== '') cells[XLSX.utils.encode_cell({ r: row.rowNumber - 1, c: column })] = cell;
      });
      for (const problem of row.cellProblems ?? []) {
        problems.push(XLSX.utils.encode_cell({ r: row.rowNumber - 1, c: problem.column }));
      }
      for (const note of row.notes ?? []) hidden[row.rowNumber] = note;
    }
  }
  return { cells, problems: problems.sort(), hidden };
}

describe('our workbook reader and SheetJS read the same', () => {
  it('finds the workbooks to compare', () => {
    const names = FILES.map((f) => relative(ROOT, f));
    expect(names).toEqual(
      expect.arrayContaining([
        'test/fixtures/ok/xlsx-basic.xlsx',
        'test/fixtures/workbooks/openpyxl.xlsx',
        'samples/suppliers.xlsx',
      ]),
    );
  });

  it.each(Object.entries(REFUSED))('%s is refused by our reader, in words', async (name, why) => {
    const path = join(ROOT, name);
    const error = await (async () => {
      for (const sheet of await listSheets(path)) await ourValues(path, sheet.name);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: expect.stringMatching(why) as unknown,
    });
  });

  const compared = FILES.map((f) => relative(ROOT, f)).filter((name) => !(name in REFUSED));
  it.each(compared.map((name) => [name]))('%s', async (name) => {
    const path = join(ROOT, name);
    const book = XLSX.readFile(path, { cellDates: false, cellNF: true, cellStyles: true });
    const dated = XLSX.readFile(path, { cellDates: true, cellNF: true });
    const date1904 = book.Workbook?.WBProps?.date1904 === true;
    const sheets = await listSheets(path);
    expect(sheets.map((s) => [s.name, s.state])).toEqual(
      book.SheetNames.map((sheetName, i) => [
        sheetName,
        STATES[book.Workbook?.Sheets?.[i]?.Hidden ?? 0],
      ]),
    );

    for (const sheet of sheets) {
      if (sheet.kind !== 'worksheet') continue;
      const theirs = sheetJsValues(
        book.Sheets[sheet.name] ?? {},
        dated.Sheets[sheet.name] ?? {},
        date1904,
      );
      const ours = await ourValues(path, sheet.name);
      expect({ sheet: sheet.name, cells: ours.cells }).toEqual({
        sheet: sheet.name,
        cells: theirs.cells,
      });
      // Rows hidden="true", which SheetJS does not see as hidden (see above).
      const hiddenTrue = rowsWrittenHiddenTrue(path);
      const unseen = Object.keys(ours.hidden)
        .map(Number)
        .filter((r) => theirs.hidden[r] === undefined);
      expect(unseen.filter((r) => !hiddenTrue.has(r))).toEqual([]);
      const hiddenToBoth = Object.fromEntries(
        Object.entries(ours.hidden).filter(([r]) => !unseen.includes(Number(r))),
      );
      expect({ sheet: sheet.name, hidden: hiddenToBoth }).toEqual({
        sheet: sheet.name,
        hidden: theirs.hidden,
      });
      // Every error SheetJS sees is a problem of ours; ours also has formulas without a result.
      expect(ours.problems).toEqual(expect.arrayContaining(theirs.problems));
      // SheetJS has no cell there, or a stub without a value (t: 'z').
      for (const address of ours.problems.filter((a) => !theirs.problems.includes(a))) {
        const cell = book.Sheets[sheet.name]?.[address] as XLSX.CellObject | undefined;
        expect({ address, sheetJs: cell?.t ?? 'none' }).toEqual({
          address,
          sheetJs: expect.stringMatching(/^(none|z)$/) as unknown,
        });
      }
    }
  });
});
