import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildZip, type ZipPart } from '../../../test/support/zip-builder';
import {
  buildWorkbook,
  inl,
  num,
  row,
  sst,
  styles,
  WORKBOOKS,
  WORKBOOKS_DIR,
  workbookParts,
  worksheet,
} from '../../../test/fixtures/workbooks/make';
import { ImportError } from '../import.errors';
import type { SheetRow } from '../normalise/cell';
import { readXlsxRows } from './xlsx.reader';

const FIXTURES = WORKBOOKS_DIR;
const scratch = mkdtempSync(join(tmpdir(), 'workbook-fixtures-'));

interface Read {
  readonly rows: SheetRow[];
  readonly sheet: string | null;
  readonly state: string | null;
}

async function read(file: string, sheet?: string): Promise<Read> {
  const source = readXlsxRows(file.includes('/') ? file : join(FIXTURES, file), sheet);
  const rows: SheetRow[] = [];
  for await (const group of source.rows) rows.push(...group);
  return { rows, sheet: source.sheetName(), state: source.sheetState() };
}

/** Row number → cells, for the rows that have any. */
async function cells(file: string, sheet?: string): Promise<Record<number, unknown[]>> {
  const { rows } = await read(file, sheet);
  return Object.fromEntries(
    rows.filter((r) => r.cells.length > 0).map((r) => [r.rowNumber, [...r.cells]]),
  );
}

async function failure(file: string, sheet?: string): Promise<ImportError> {
  const error = await read(file, sheet).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ImportError)) {
    throw new Error(`expected an ImportError, got ${String(error)}`);
  }
  return error;
}

function saved(name: string, parts: readonly ZipPart[]): string {
  const path = join(scratch, name);
  writeFileSync(path, buildZip(parts));
  return path;
}

const PAYROLL = [
  'Employee ID',
  'Employee Name',
  'Mobile Number',
  'Net Pay',
  'Currency',
  'Period',
] as const;

describe('the workbook fixtures', () => {
  it.each(Object.keys(WORKBOOKS))('%s is what make.ts makes', (name) => {
    expect(readFileSync(join(FIXTURES, name)).equals(buildWorkbook(name))).toBe(true);
  });
});

describe('sheets: order and visibility come from workbook.xml', () => {
  it('reads the first tab Excel shows, not a hidden or very hidden one before it', async () => {
    const read1 = await read('hidden-sheets.xlsx');
    expect(read1.sheet).toBe('Payroll');
    expect(read1.state).toBeNull();
    expect(read1.rows[1]?.cells).toEqual([
      'EMP001',
      'Jérôme Doe',
      '0886 123 456',
      1250.5,
      'USD',
      '2026-01',
    ]);
  });

  it('numbers the tabs Excel shows: --sheet 2 is the second visible tab', async () => {
    expect((await read('hidden-sheets.xlsx', '1')).sheet).toBe('Payroll');
    expect((await read('hidden-sheets.xlsx', '2')).sheet).toBe('Notes');
  });

  it('reads a hidden sheet named by name (any case, spaces around), and says it is hidden', async () => {
    const hidden = await read('hidden-sheets.xlsx', ' lookup ');
    expect(hidden.sheet).toBe('Lookup');
    expect(hidden.state).toBe('hidden');
    expect(hidden.rows[1]?.cells[3]).toBe(11);
    const veryHidden = await read('hidden-sheets.xlsx', 'RATES');
    expect(veryHidden).toMatchObject({ sheet: 'Rates', state: 'veryHidden' });
  });

  it('lists the tabs by number and the hidden sheets by name when the one asked for is not there', async () => {
    const error = await failure('hidden-sheets.xlsx', '3');
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toBe(
      'The workbook has no sheet "3". Its sheets are: 1 "Payroll", 2 "Notes". Hidden in Excel, and read only when named: "Lookup", "Rates".',
    );
    expect(error.details).toEqual({
      sheets: ['Payroll', 'Notes'],
      hiddenSheets: ['Lookup', 'Rates'],
    });
  });

  it('follows workbook.xml, not the order of the parts in the zip (the first tab is sheet3.xml)', async () => {
    const first = await read('tab-order.xlsx');
    expect(first.sheet).toBe('Payroll');
    expect(first.rows[1]?.cells[3]).toBe(500);
    expect(await cells('tab-order.xlsx', '2')).toEqual({ 1: ['Archive'] });
    expect(await cells('tab-order.xlsx', 'draft')).toEqual({ 1: ['Draft'] });
  });

  it('finds parts by their relationships: absolute targets and a sheet part named data.xml', async () => {
    const data = await read('part-paths.xlsx');
    expect(data.sheet).toBe('Data');
    expect(data.rows.map((r) => r.cells[3])).toEqual(['Net Pay', 410.25, 380]);
    expect(await cells('part-paths.xlsx', 'Summary')).toEqual({ 1: ['Total', '790.25'] });
  });

  it('keeps the real sheet names openpyxl writes ("Sheet", "KA lijst")', async () => {
    expect((await read('openpyxl.xlsx')).sheet).toBe('Sheet');
    expect(await cells('openpyxl.xlsx', 'ka lijst')).toEqual({
      1: ['Klant', 'Accountmanager'],
      2: ['Kigali Traders', 'Anke de Vries'],
    });
  });
});

describe('shared strings', () => {
  it('are found when stored after the sheet (Excel for Mac)', async () => {
    expect(await cells('mac-order.xlsx')).toEqual({
      1: [...PAYROLL],
      2: ['EMP001', 'Jérôme Doe', '0886 123 456', 1250.5, 'USD', '2026-01'],
    });
  });

  it('are found in xl/SharedStrings.xml, whatever the case of the name', async () => {
    expect(await cells('capital-shared-strings.xlsx')).toEqual({
      1: ['Employee ID', 'Employee Name', 'Mobile Number', 'Net Pay'],
      2: ['EMP009', 'Kebeh Flomo', '0886 310 149', 75],
    });
  });

  it.each([
    'mac-order.xlsx',
    'capital-shared-strings.xlsx',
    'tab-order.xlsx',
    'part-paths.xlsx',
    'hidden-sheets.xlsx',
  ])('%s reads the same 20 times over', async (file) => {
    const first = JSON.stringify(await read(file));
    for (let i = 0; i < 19; i += 1) expect(JSON.stringify(await read(file))).toBe(first);
  });
});

describe('cells', () => {
  it('reads ISO date cells (t="d") as ISO dates, with the time when there is one', async () => {
    const sheet = await cells('openpyxl.xlsx');
    expect(sheet[2]?.[9]).toBe('2026-02-28');
    expect(sheet[3]?.[9]).toBe('2026-03-15');
    expect(sheet[4]).toEqual(['Printed', '2026-01-31T14:05:09']);
  });

  it('reads dates of a 1904 workbook (LibreOffice writes date1904="true"); an elapsed time stays a number', async () => {
    const sheet = await cells('libreoffice-1904.xlsx');
    expect(sheet[2]?.[9]).toBe('2026-02-28');
    expect(sheet[3]?.[9]).toBe('2026-03-31');
    expect(sheet[4]).toEqual(['Exported', '2026-02-28T12:00:00', 1.25]);
  });

  it('reads text as it shows: no phonetic guide, _xHHHH_ escapes decoded, entities decoded once, runs joined', async () => {
    expect(await cells('strings.xlsx')).toEqual({
      1: [
        '東京',
        'Line 1\r\nLine 2',
        'Code _x000D_ stays',
        'Tom &amp; Jerry',
        'Bold and plain',
        '  padded  ',
      ],
      2: ['大阪', 'Rich runs', 'A &amp; B \r', 'TRUE', 'FALSE', 'plain str'],
    });
  });

  it('reads rows and cells without r as following the one before', async () => {
    const { rows } = await read('no-refs.xlsx');
    expect(rows.map((r) => [r.rowNumber, r.cells])).toEqual([
      [1, [...PAYROLL]],
      [2, ['EMP001', 'Jérôme Doe', '0886 123 456', 99.5, 'USD', '2026-01']],
      [5, ['EMP002', '', '0770 123 457', 12]],
      [6, ['EMP003', 'Musu Kamara']],
    ]);
  });
});

describe('formulas', () => {
  const wrongKind =
    'contains the Excel error #VALUE! (a formula was given a value of the wrong kind): correct it in Excel, save the file and import it again';
  const notStored =
    'is a formula whose result is not stored in the file (the program that wrote it does not calculate formulas): open the file in Excel (or LibreOffice) and save it, so that the results are stored, then import it again';

  it('give their cached result: 0 is 0, an empty text is empty', async () => {
    const { rows } = await read('formulas.xlsx');
    expect(rows[1]?.cells).toEqual([
      'EMP001',
      'Jérôme Doe',
      '0886 123 456',
      0,
      'USD',
      '2026-01',
      '',
    ]);
    expect(rows[1]?.cellProblems).toBeUndefined();
    expect(rows[4]?.cells[3]).toBe(301.5);
    // A boolean result, shared formulas.
    expect(rows[5]?.cells.slice(4)).toEqual(['TRUE', 7]);
    expect(rows[6]?.cells[5]).toBe(0);
  });

  it('an Excel error is a problem of its cell, with or without a formula', async () => {
    const { rows } = await read('formulas.xlsx');
    expect(rows[2]?.cells[3]).toBe('#VALUE!');
    expect(rows[2]?.cellProblems).toEqual([
      { column: 3, message: wrongKind },
      {
        column: 6,
        message:
          'contains the Excel error #N/A (a lookup found no value): correct it in Excel, save the file and import it again',
      },
    ]);
    expect(rows[4]?.cellProblems).toEqual([
      {
        column: 6,
        message:
          'contains the Excel error #REF! (a formula refers to cells that were deleted): correct it in Excel, save the file and import it again',
      },
    ]);
    expect(rows[5]?.cells.slice(0, 4)).toEqual(['#DIV/0!', '#NAME?', '#NUM!', '#NULL!']);
    expect(rows[5]?.cellProblems?.map((p) => p.column)).toEqual([0, 1, 2, 3]);
  });

  it('a formula without a stored result asks for the file to be saved in Excel; an empty text result is empty', async () => {
    const { rows } = await read('formulas.xlsx');
    expect(rows[3]?.cells).toEqual([
      'EMP003',
      'Musu Kamara',
      '0886 310 140',
      '',
      'USD',
      '2026-01',
      '',
    ]);
    expect(rows[3]?.cellProblems).toEqual([{ column: 3, message: notStored }]);
  });

  it('a quantity of =B9*0 is 0', async () => {
    const { rows } = await read('invoice-formulas.xlsx');
    expect(rows.find((r) => r.rowNumber === 9)?.cells[6]).toBe(0);
  });
});

describe('hidden rows', () => {
  const hidden =
    'is hidden in Excel: it is imported like any other row (delete it from the file if it should not be)';
  const filtered =
    'is filtered out in Excel (hidden by a filter): it is imported like any other row (delete it from the file if it should not be)';

  async function notes(sheet: string): Promise<Record<number, readonly string[]>> {
    const { rows } = await read('hidden-rows.xlsx', sheet);
    return Object.fromEntries(rows.filter((r) => r.notes).map((r) => [r.rowNumber, r.notes ?? []]));
  }

  it('are read, each with a note that it is hidden', async () => {
    const { rows } = await read('hidden-rows.xlsx', 'Manual');
    expect(rows).toHaveLength(4);
    expect(await notes('Manual')).toEqual({ 3: [hidden] });
  });

  it('under a filter, say they are filtered out: declared in the workbook, or only in the sheet', async () => {
    expect(await notes('Filtered')).toEqual({ 3: [filtered], 4: [filtered] });
    expect(await notes('Scanned')).toEqual({ 2: [filtered] });
  });
});

describe('a damaged workbook', () => {
  /** The message of a FILE_UNREADABLE error, once checked to hold no JavaScript error. */
  function plainWords(error: ImportError): string {
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).not.toMatch(
      /TypeError|RangeError|Cannot read|of undefined|of null|is not a function|NaN|\bat \w+ \(/,
    );
    return error.message;
  }

  it('cut off in the middle of a row', async () => {
    expect(plainWords(await failure('damaged.xlsx'))).toMatch(
      /^The Excel file could not be read while reading sheet "Payroll": the part xl\/worksheets\/sheet1\.xml is not well-formed XML \(.+\)\. It may be damaged/,
    );
  });

  const base = WORKBOOKS['mac-order.xlsx'];
  if (base === undefined) throw new Error('no mac-order fixture');
  const parts = workbookParts(base);
  const replace = (name: string, data: Buffer | null): ZipPart[] =>
    parts.flatMap((p) => (p.name !== name ? [p] : data === null ? [] : [{ name, data }]));

  it.each<[string, ZipPart[], RegExp]>([
    [
      'no sheet part',
      replace('xl/worksheets/sheet1.xml', null),
      /the file has no content for the sheet "Payroll"/,
    ],
    [
      'no workbook part',
      replace('xl/workbook.xml', null).map((p) =>
        p.name === '_rels/.rels' ? { name: p.name, data: Buffer.from('<Relationships/>') } : p,
      ),
      /it has no workbook part/,
    ],
    [
      'a shared string that is not there',
      replace('xl/worksheets/sheet1.xml', Buffer.from(worksheet([row(1, [sst('A1', 99)])]))),
      /a cell on row 1 of sheet "Payroll" refers to shared text number 99, which the workbook does not have/,
    ],
    [
      'binary data for a sheet',
      replace('xl/worksheets/sheet1.xml', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x80])),
      /the part xl\/worksheets\/sheet1.xml is not well-formed XML/,
    ],
    [
      'an empty sheet part',
      replace('xl/worksheets/sheet1.xml', Buffer.alloc(0)),
      /the part xl\/worksheets\/sheet1.xml is empty/,
    ],
    [
      'malformed styles',
      replace('xl/styles.xml', Buffer.from(styles([0]).replace('</cellXfs>', ''))),
      /while reading its styles: the part xl\/styles.xml is not well-formed XML/,
    ],
    [
      'malformed shared strings',
      replace('xl/sharedStrings.xml', Buffer.from('<sst><si><t>a</si></sst>')),
      /while reading its shared text: the part xl\/sharedStrings.xml is not well-formed XML/,
    ],
    [
      'an entity the XML does not define',
      replace(
        'xl/worksheets/sheet1.xml',
        Buffer.from(worksheet([row(1, [inl('A1', 'x').replace('x', '&nbsp;')])])),
      ),
      /not well-formed XML/,
    ],
  ])('%s: says why in words', async (name, damaged, why) => {
    const path = saved(`${name.replace(/\W+/g, '-')}.xlsx`, damaged);
    expect(plainWords(await failure(path))).toMatch(why);
  });

  it('data that does not inflate', async () => {
    const zip = buildZip(parts);
    // The sheet's compressed bytes, overwritten with garbage (its sizes kept).
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = zip.indexOf(name) + name.length;
    zip.fill(0xff, at, at + 40);
    const path = join(scratch, 'garbage.xlsx');
    writeFileSync(path, zip);
    expect(plainWords(await failure(path))).toMatch(
      /the part xl\/worksheets\/sheet1.xml cannot be decompressed \(damaged\)/,
    );
  });

  it('a number in a date style past any date stays a number', async () => {
    const path = saved(
      'far-date.xlsx',
      workbookParts({
        styles: styles([0, 14]),
        sheets: [
          { name: 'S', xml: worksheet([row(1, [num('A1', 1e12, 1), num('B1', 45000, 1)])]) },
        ],
      }),
    );
    expect(await cells(path)).toEqual({ 1: [1e12, '2023-03-15'] });
  });
});
