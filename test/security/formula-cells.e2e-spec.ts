import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { PayoutCli } from '../batches/payout-support';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** OWASP's leading characters of a formula, and full-width forms some programs turn into them. */
const PAYLOADS = [
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1;1)',
  '-2+3',
  '@cmd',
  '\t=1+1',
  '\r=1+1',
  '\uFF1D1+1',
];
const LIVE = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Every CSV and XLSX file the connector writes, swept for a text cell that a spreadsheet would run
 * as a formula: the error report, the reconciliation report and its journal, and the source file
 * handed back with its statuses (whose own cells stay as they were uploaded).
 */
describe('no file the connector writes carries a live formula', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let importId: number;
  let batchId: number;
  let source: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 50, processingMs: 200 } });
    cli = PayoutCli.for(db.url, sandbox);
    await cli.json(['db:migrate']);
    // Each payload as a payee's name and ID (paid), and in a row with a bad phone (reported).
    const rows: [string, string, string, string][] = PAYLOADS.flatMap((payload, i) => [
      [`${payload}-${i}`, `${payload} Doe`, `0886 30${i} 45${i}`, '10.00'],
      [`${payload}-x${i}`, `${payload} Roe`, `${payload}`, '-2+3'],
    ]);
    source = join(cli.dir, 'payloads.csv');
    writeFileSync(
      source,
      stringify([
        ['Employee ID', 'Employee Name', 'Mobile Number', 'Net Pay', 'Currency', 'Period'],
        ...rows.map((row) => [...row, 'USD', '2026-09']),
      ]),
    );
    const summary = await cli.json<{ importId: number; batchId: number; invalid: number }>([
      'import',
      source,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    if (summary.invalid !== PAYLOADS.length) {
      throw new Error(`expected ${PAYLOADS.length} invalid rows: ${JSON.stringify(summary)}`);
    }
    ({ importId, batchId } = summary);
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    await cli.json(['batch', 'run', String(batchId), '--wait']);
  });

  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });

  function csvCells(path: string): string[] {
    return parse(readFileSync(path), { bom: true, relax_column_count: true }).flat();
  }

  async function xlsxTextCells(path: string): Promise<string[]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const texts: string[] = [];
    for (const sheet of workbook.worksheets) {
      sheet.eachRow((row) => {
        row.eachCell((cell) => {
          if (typeof cell.value === 'string') texts.push(cell.value);
          else if (typeof cell.value === 'object' && cell.value !== null && 'formula' in cell.value)
            texts.push(`=${String(cell.value.formula)}`);
        });
      });
    }
    return texts;
  }

  function expectNoLiveFormula(cells: readonly string[]): void {
    const live = cells.filter((cell) => LIVE.test(cell));
    expect(live).toEqual([]);
    // The payloads are there, neutralised: the sweep saw them.
    expect(cells.some((cell) => cell.startsWith("'="))).toBe(true);
  }

  const out = (name: string): string => join(cli.dir, name);

  it('the error report, CSV and XLSX; its numbers stay numbers', async () => {
    await cli.json(['imports', 'errors', String(importId), '--out', out('errors.csv')]);
    await cli.json(['imports', 'errors', String(importId), '--out', out('errors.xlsx')]);
    expectNoLiveFormula(csvCells(out('errors.csv')));
    expectNoLiveFormula(await xlsxTextCells(out('errors.xlsx')));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out('errors.xlsx'));
    const rowNumbers = workbook.worksheets[0]
      ?.getColumn(7)
      .values.filter((v) => v !== undefined && v !== 'Row');
    expect(rowNumbers?.every((v) => typeof v === 'number')).toBe(true);
  });

  it('the reconciliation report (XLSX and CSV) and its journal', async () => {
    await cli.json(['report', '--batch', String(batchId), '--out', out('report.xlsx')]);
    await cli.json(['report', '--batch', String(batchId), '--out', out('report.csv'), '--journal']);
    expectNoLiveFormula(await xlsxTextCells(out('report.xlsx')));
    expectNoLiveFormula(csvCells(out('report.csv')));
    expect(csvCells(out('report-journal.csv')).filter((cell) => LIVE.test(cell))).toEqual([]);
  });

  it('the source file with its statuses: the uploaded cells byte for byte, the added ones neutral', async () => {
    await cli.json(['export-source', String(importId), '--out', out('with-status.csv')]);
    const original = readFileSync(source, 'utf8').split('\n');
    const exported = readFileSync(out('with-status.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .split('\n');
    for (let i = 0; i < original.length; i += 1) {
      if (original[i] === '') continue;
      expect(exported[i]?.startsWith(original[i])).toBe(true);
      const added = parse(exported[i]?.slice(original[i].length + 1) ?? '');
      expect(added.flat().filter((cell) => LIVE.test(cell))).toEqual([]);
    }
  });
});
