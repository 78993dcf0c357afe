import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suggestForFile } from './suggest-file';

describe('suggestForFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'suggest-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A report with a long preamble: notes on 44 rows, then the column names on row 45. */
  async function longPreamble(): Promise<string> {
    const path = join(dir, 'report.csv');
    const notes = Array.from({ length: 44 }, (_, i) => `Note ${i + 1}: see the terms,,`);
    await writeFile(
      path,
      [...notes, 'Employee,Mobile No,Net Pay', 'Musu Kollie,0886123456,100', ''].join('\n'),
    );
    return path;
  }

  it('reaches a header row given past the rows it scans, and reads the rows under it', async () => {
    const suggestion = await suggestForFile({
      path: await longPreamble(),
      fileName: 'report.csv',
      kind: 'payables',
      headerRow: 45,
      headerRowOption: '--header-row N',
    });
    expect(suggestion.headerRow).toBe(45);
    expect(suggestion.headers).toEqual(['Employee', 'Mobile No', 'Net Pay']);
    expect(suggestion.sampleRows).toEqual([expect.objectContaining({ row: 46 })]);
  });

  it('without it, names the way its caller gives the header row', async () => {
    await expect(
      suggestForFile({
        path: await longPreamble(),
        fileName: 'report.csv',
        headerRowOption: 'the headerRow field',
      }),
    ).rejects.toThrow(/No row of the first 30 looks like column names.*\(the headerRow field\)/);
  });
});
