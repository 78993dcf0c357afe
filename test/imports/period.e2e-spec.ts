import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bearer, createApiKey } from '../support/api-keys';
import {
  lastJsonLine,
  type ProcessResult,
  runCli,
  scratchDir,
  startService,
} from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const SAMPLE = resolve(__dirname, '../../samples/payroll-liberia-november-2026.xlsx');

interface Summary {
  importId: number | null;
  valid: number;
  invalid: number;
  duplicates: number;
  period: string | null;
  periodFrom: string | null;
  warnings: string[];
  batchId: number | null;
}

/** Payroll files without a period column: the period comes from the import, the file, or today. */
describe('the pay period of a payroll without a period column', () => {
  let db: TestDatabase;
  const dir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  function cli(args: string[]): Promise<ProcessResult> {
    return runCli(args, { DATABASE_URL: db.url }, dir);
  }

  async function imported(args: string[]): Promise<Summary> {
    const result = await cli(['import', ...args, '--type', 'payables', '--json']);
    if (result.code !== 0) throw new Error(`import failed:\n${result.stdout}\n${result.stderr}`);
    return lastJsonLine(result.stdout) as unknown as Summary;
  }

  async function periodsOf(importId: number | null): Promise<(string | null)[]> {
    const rows = await cli(['imports', 'rows', String(importId), '--all', '--json']);
    return (JSON.parse(rows.stdout) as { period: string | null }[]).map((r) => r.period);
  }

  it('takes the month from the title rows of an Excel payroll, and the batch shows it', async () => {
    const summary = await imported([SAMPLE]);
    expect(summary).toMatchObject({
      valid: 4,
      invalid: 0,
      period: '2026-11',
      periodFrom: 'title',
      warnings: [],
    });
    expect(await periodsOf(summary.importId)).toEqual(['2026-11', '2026-11', '2026-11', '2026-11']);
    const shown = await cli(['batch', 'show', String(summary.batchId)]);
    expect(shown.stdout).toContain('pay period: 2026-11');
    const json = await cli(['batch', 'show', String(summary.batchId), '--json']);
    expect(lastJsonLine(json.stdout)).toMatchObject({ period: '2026-11' });
  });

  it('takes it from the sheet name, else the file name', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Paie octobre 2026');
    sheet.addRow(['Employee ID', 'Employee Name', 'Mobile Number', 'Net Pay', 'Currency']);
    sheet.addRow(['S-1', 'Aline Uwase', '0788 310 111', 25000, 'RWF']);
    const book = join(dir, 'staff.xlsx');
    await workbook.xlsx.writeFile(book);
    expect(await imported([book])).toMatchObject({ period: '2026-10', periodFrom: 'sheet' });

    const named = join(dir, 'payroll_09-2026.csv');
    writeFileSync(
      named,
      'Employee ID,Employee Name,Mobile Number,Net Pay,Currency\nS-2,Eric Niyonzima,0788 310 112,30000,RWF\n',
    );
    expect(await imported([named])).toMatchObject({ period: '2026-09', periodFrom: 'file-name' });
  });

  it('falls back on the month of the import, and says so', async () => {
    // A Windows-1252, semicolon-separated export with no period anywhere.
    const file = join(dir, 'salaires.csv');
    writeFileSync(
      file,
      iconv.encode(
        'Matricule;Nom;Téléphone;Net à payer;Devise\r\nM-1;Jérôme Zébédée;0886 310 113;125.50;USD\r\n',
        'win1252',
      ),
    );
    const thisMonth = new Date().toISOString().slice(0, 7);
    const result = await cli(['import', file, '--type', 'payables', '--profile', 'payroll']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Warning: No pay period was found in the file/);
    const json = await cli(['imports', 'list', '--limit', '1', '--json']);
    const [latest] = (lastJsonLine(json.stdout) as { imports: Summary[] }).imports;
    expect(latest).toMatchObject({ period: thisMonth, periodFrom: 'import-date', valid: 1 });
    expect(latest?.warnings[0]).toContain(`the month of the import, ${thisMonth}`);
  });

  it('guesses no period for a file with a reference column: a row without one stays invalid', async () => {
    const file = join(dir, 'bills-2026-10.csv');
    writeFileSync(
      file,
      'Supplier ID,Supplier,Mobile,Amount,Currency,Bill No\nB-1,Kpelle Farms,0886 310 130,70.00,USD,BILL-7\nB-2,Lofa Oil,0886 310 131,20.00,USD,\n',
    );
    const summary = await imported([file, '--profile', 'suppliers']);
    expect(summary).toMatchObject({ valid: 1, invalid: 1, period: null, periodFrom: null });
  });

  it('uses --period for rows that name none, in its one form', async () => {
    const file = join(dir, 'plain.csv');
    writeFileSync(
      file,
      'Employee ID,Name,Phone,Amount,Currency\nP-1,Musu Doe,0886 310 114,80.00,USD\nP-2,Ben Tarr,0770 310 115,90.00,USD\n',
    );
    const summary = await imported([file, '--period', 'Nov-26']);
    expect(summary).toMatchObject({ valid: 2, period: '2026-11', periodFrom: 'option' });

    // The same people and month again, as "novembre 2026": duplicates, never paid twice.
    const again = join(dir, 'plain-again.csv');
    copyFileSync(file, again);
    writeFileSync(again, '\n', { flag: 'a' });
    expect(await imported([again, '--period', 'novembre 2026'])).toMatchObject({
      valid: 0,
      duplicates: 2,
    });

    const refused = await cli([
      'import',
      file,
      '--type',
      'receivables',
      '--period',
      '2026-11',
      '--json',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('A period is for payables');
  });

  it('reads a month-date cell and month text as one period: the second import is a duplicate', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Payroll');
    sheet.addRow([
      'Employee ID',
      'Employee Name',
      'Mobile Number',
      'Net Pay',
      'Currency',
      'Period',
    ]);
    sheet.addRow([
      'D-1',
      'Grace Mukamana',
      '0788 310 116',
      40000,
      'RWF',
      new Date(Date.UTC(2026, 11, 1)),
    ]);
    sheet.getColumn(6).numFmt = 'mmm yyyy';
    const book = join(dir, 'december.xlsx');
    await workbook.xlsx.writeFile(book);
    const first = await imported([book]);
    expect(first).toMatchObject({ valid: 1, period: '2026-12', periodFrom: 'column' });

    const text = join(dir, 'december.csv');
    writeFileSync(
      text,
      'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\nD-1,Grace Mukamana,0788 310 116,40000,RWF,2026-12\n',
    );
    expect(await imported([text])).toMatchObject({ valid: 0, duplicates: 1 });
  });

  it("takes a profile's fixed period, and the period form field over HTTP", async () => {
    const profile = join(dir, 'fixed-period.json');
    writeFileSync(
      profile,
      JSON.stringify({
        name: 'fixed-period',
        type: 'payables',
        relationship: 'EMPLOYEE',
        period: 'September 2026',
        columns: {
          external_ref: ['Staff'],
          full_name: ['Who'],
          phone: ['Mobile'],
          amount: ['Pay'],
          currency: ['Cur'],
        },
      }),
    );
    const file = join(dir, 'fixed.csv');
    writeFileSync(file, 'Staff,Who,Mobile,Pay,Cur\nF-1,Kou Flomo,0886 310 117,55.00,USD\n');
    expect(await imported([file, '--profile', profile])).toMatchObject({
      period: '2026-09',
      periodFrom: 'profile',
    });

    const env = { DATABASE_URL: db.url };
    const maker = await createApiKey(env, 'payroll.officer', 'maker');
    const service = await startService(env);
    try {
      const form = new FormData();
      form.append('type', 'payables');
      form.append('period', '08/2026');
      form.append(
        'file',
        new Blob([
          'Employee ID,Name,Phone,Amount,Currency\nH-1,Ami Kollie,0886 310 118,60.00,USD\n',
        ]),
        'upload.csv',
      );
      const answer = await fetch(`${service.baseUrl}/imports`, {
        method: 'POST',
        headers: bearer(maker),
        body: form,
      });
      expect(answer.status).toBe(201);
      expect(await answer.json()).toMatchObject({ period: '2026-08', periodFrom: 'option' });
    } finally {
      await service.stop();
    }
  });
});
