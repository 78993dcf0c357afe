import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INSERT_BATCH_ROWS } from '../../src/imports/import-limits';
import { PAYROLL_HEADER, payrollRow } from '../../samples/payroll-data';
import { createImportHarness, type ImportHarness, request } from './import-harness';

/**
 * Rows are stored in batches, and a row is compared with the rows stored before its batch as
 * well as with the rows of its own batch: these files put the rows that must be compared far
 * apart, in different batches, and side by side.
 */
describe('duplicates and shared phones across batches of rows', () => {
  let h: ImportHarness;
  const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-batches-'));
  const rowsCount = INSERT_BATCH_ROWS * 3 + 17;
  /** The file row (header is row 1) of payroll row i. */
  const fileRow = (i: number): number => i + 2;

  beforeAll(async () => {
    h = await createImportHarness();
  });

  afterAll(async () => {
    await h?.close();
  });

  function writeCsv(name: string, rows: string[][]): string {
    const path = join(dir, name);
    const quote = (cell: string): string => (/[",\n]/.test(cell) ? `"${cell}"` : cell);
    writeFileSync(path, [PAYROLL_HEADER, ...rows].map((r) => r.map(quote).join(',')).join('\n'));
    return path;
  }

  async function rowsOf(importId: number) {
    return (await h.queries.rows(importId, undefined, { limit: rowsCount + 10 })).items;
  }

  it('marks a repeat of a row stored batches earlier, and of a row earlier in the same batch', async () => {
    const rows = Array.from({ length: rowsCount }, (_, i) => payrollRow(i, '2026-03'));
    const last = rowsCount - 1;
    rows[last] = payrollRow(3, '2026-03'); // repeats row 3, three batches earlier
    rows[last - 1] = payrollRow(last - 2, '2026-03'); // repeats the row just before it
    const path = writeCsv('repeats.csv', rows);

    const outcome = await h.service.importFile(request(path));
    expect(outcome.summary).toMatchObject({ rows: rowsCount, duplicates: 2 });
    const importId = outcome.summary.importId as number;
    const duplicates = (await rowsOf(importId)).filter((r) => r.status === 'duplicate');
    expect(duplicates.map((r) => [r.row, r.duplicateOf])).toEqual([
      [fileRow(last - 1), { importId, row: fileRow(last - 2) }],
      [fileRow(last), { importId, row: fileRow(3) }],
    ]);
    expect(duplicates[1]?.warnings).toEqual([
      {
        column: '',
        value: '',
        message: `is a duplicate of row ${fileRow(3)} of this file: it is not paid twice`,
      },
    ]);
  });

  it('compares keys exactly: "février" and "fevrier" are two periods, even to MariaDB', async () => {
    const rows = Array.from({ length: rowsCount }, (_, i) => payrollRow(i, '2026-07'));
    const last = rowsCount - 1;
    rows[2] = payrollRow(2, 'prime février');
    rows[5] = payrollRow(2, 'prime fevrier');
    rows[last - 1] = payrollRow(2, 'prime fevrier');
    rows[last] = payrollRow(2, 'prime février');
    const outcome = await h.service.importFile(request(writeCsv('accents.csv', rows)));
    expect(outcome.summary).toMatchObject({ rows: rowsCount, duplicates: 2 });
    const importId = outcome.summary.importId as number;
    const duplicates = (await rowsOf(importId)).filter((r) => r.status === 'duplicate');
    expect(duplicates.map((r) => [r.row, r.period, r.duplicateOf])).toEqual([
      [fileRow(last - 1), 'prime fevrier', { importId, row: fileRow(5) }],
      [fileRow(last), 'prime février', { importId, row: fileRow(2) }],
    ]);
  });

  it('points a payee already imported to the earlier import, wherever it repeats in the file', async () => {
    const first = await h.service.importFile(
      request(writeCsv('april-a.csv', [payrollRow(7, '2026-04')])),
    );
    const earlierId = first.summary.importId as number;

    const rows = Array.from({ length: rowsCount }, (_, i) => payrollRow(i + 1000, '2026-04'));
    rows[5] = payrollRow(7, '2026-04');
    rows[rowsCount - 1] = payrollRow(7, '2026-04');
    const outcome = await h.service.importFile(request(writeCsv('april-b.csv', rows)));
    expect(outcome.summary).toMatchObject({ valid: rowsCount - 2, duplicates: 2 });
    const duplicates = (await rowsOf(outcome.summary.importId as number)).filter(
      (r) => r.status === 'duplicate',
    );
    expect(duplicates.map((r) => [r.row, r.duplicateOf])).toEqual([
      [fileRow(5), { importId: earlierId, row: 2 }],
      [fileRow(rowsCount - 1), { importId: earlierId, row: 2 }],
    ]);
  });

  it('warns of a phone another payee had rows or batches earlier, not of one payee paid twice', async () => {
    const rows = Array.from({ length: rowsCount }, (_, i) => payrollRow(i, '2026-05'));
    const phoneOf = (i: number): string => payrollRow(i)[2] ?? '';
    const nameOf = (i: number): string => payrollRow(i)[1] ?? '';
    const stranger = (i: number, phone: string): string[] => {
      const row = payrollRow(i, '2026-05');
      row[2] = phone;
      return row;
    };
    const far = rowsCount - 1;
    const near = INSERT_BATCH_ROWS + 1;
    rows[far] = stranger(far, phoneOf(4)); // another payee on row 4's phone, batches later
    rows[near] = stranger(near, phoneOf(near - 1)); // and on the phone of the row before it
    rows[far - 1] = payrollRow(9, '2026-06'); // row 9's payee again, another period: no warning
    const outcome = await h.service.importFile(request(writeCsv('may.csv', rows)));
    expect(outcome.summary).toMatchObject({ rows: rowsCount, valid: rowsCount, duplicates: 0 });
    expect(outcome.warnings).toBe(2);

    const warned = (await rowsOf(outcome.summary.importId as number)).filter(
      (r) => r.warnings.length > 0,
    );
    expect(warned.map((r) => [r.row, r.warnings])).toEqual([
      [
        fileRow(near),
        [
          {
            column: 'Mobile Number',
            value: expect.stringMatching(/^231\d{9}$/) as string,
            message: `is also the phone of ${nameOf(near - 1)} on row ${fileRow(near - 1)}: check that two people really share one phone`,
          },
        ],
      ],
      [
        fileRow(far),
        [
          {
            column: 'Mobile Number',
            value: expect.stringMatching(/^231\d{9}$/) as string,
            message: `is also the phone of ${nameOf(4)} on row ${fileRow(4)}: check that two people really share one phone`,
          },
        ],
      ],
    ]);
  });
});
