import ExcelJS from 'exceljs';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SheetRow } from '../normalise/cell';
import { readXlsxRows } from './xlsx.reader';

/** exceljs's temporary files for sheets it spools: tmp-<pid>-<random>. */
function spooledFiles(): string[] {
  return readdirSync(tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`));
}

async function allRows(path: string, sheet: string | undefined): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  for await (const group of readXlsxRows(path, sheet).rows) rows.push(...group);
  return rows;
}

describe('readXlsxRows', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlsx-reader-'));
    path = join(dir, 'streamed.xlsx');
    // The streaming writer stores the sheets before the shared strings, so the streaming reader
    // spools each sheet to a temporary file until it has read the strings.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useSharedStrings: true,
    });
    for (const [name, first] of [
      ['January', 'Amara Kamara'],
      ['February', 'Jerome Kollie'],
      ['March', 'Fatu Sirleaf'],
    ]) {
      const sheet = workbook.addWorksheet(name);
      sheet.addRow(['Employee Name', 'Net Pay']).commit();
      sheet.addRow([first, 150]).commit();
      sheet.commit();
    }
    await workbook.commit();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [undefined, 'Amara Kamara'],
    ['2', 'Jerome Kollie'],
    ['March', 'Fatu Sirleaf'],
  ])('reads sheet %p of a streamed workbook, and leaves no temporary file', async (sheet, name) => {
    const before = spooledFiles();
    const rows = await allRows(path, sheet);
    expect(rows.map((r) => r.cells[0])).toEqual(['Employee Name', name]);
    // Give a file a reader deleted under its feet the time to fail, were it to.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spooledFiles().filter((f) => !before.includes(f))).toEqual([]);
  });

  it('names the sheets when the one asked for is not there', async () => {
    await expect(allRows(path, 'April')).rejects.toThrow(
      'The workbook has no sheet "April". Its sheets are: 1 "January", 2 "February", 3 "March".',
    );
  });
});
