import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import iconv from 'iconv-lite';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { DatabaseService } from '../../src/database/database.service';
import { readSum, sumAsTextSql } from '../../src/database/money-sql';
import { AuditLog } from '../../src/auth/audit-log.service';
import { formatMinorUnits } from '../../src/money/amount-input';
import type { CurrencyCode } from '../../src/money/currency';
import { ReportService } from '../../src/reports/report.service';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { PayoutCli } from '../batches/payout-support';
import { type RunningService, scratchDir, startService } from '../support/processes';
import { testConfig } from '../support/test-config';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import {
  parseCsv,
  readCsv,
  readWorkbook,
  readWorkbookBuffer,
  rowValues,
  sheetRows,
} from './report-support';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';

const WRITE_BACK = [
  'status',
  'dollr_reference_id',
  'dollr_status',
  'settled_amount',
  'fees',
  'completed_at',
  'failure_reason',
];

const PAYLOADS = ['=HYPERLINK("http://evil.example","click")', '+1', '-2', '@SUM(A1:A2)'];

/** Columns of the Detail sheet that hold text (the others are numbers and times). */
const TEXT_COLUMNS = [0, 1, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 26, 28, 29];

interface SqlTotals {
  currency: CurrencyCode;
  type: string;
  status: string;
  count: number;
  requested: string;
  payerAmount: string;
  payeeAmount: string;
  fees: string;
  settled: string;
  variance: string;
}

function csvQuote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

describe('reports and export-source, end to end (CLI and HTTP)', () => {
  let db: TestDatabase;
  let sandbox: RunningSandbox;
  let cli: PayoutCli;
  let dataSource: DataSource;
  let dataDir: string;
  let payrollPath: string;
  let payrollBytes: Buffer;
  let importId: number;
  let batchId: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    sandbox = await startSandbox({ timing: { pendingMs: 100, processingMs: 400 } });
    dataDir = scratchDir();
    cli = PayoutCli.for(db.url, sandbox, { DATA_DIR: dataDir });
    await cli.json(['db:migrate']);
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();

    // UTF-8 with a byte-order mark and CRLF, a title row, formula payloads as names, a payee
    // whose operator declines (…901), an invalid row, a duplicate and a totals row.
    const lines = [
      'ACME Liberia - Payroll January 2026,,,,,',
      'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period',
      'E001,Amara Kamara,0886 201 234,150.00,USD,2026-01',
      `E002,${csvQuote(PAYLOADS[0])},0886 201 235,99.50,USD,2026-01`,
      'E003,+1,0886 201 236,75.25,USD,2026-01',
      'E004,-2,0886 201 237,20.00,USD,2026-01',
      'E005,@SUM(A1:A2),0886 201 901,30.00,USD,2026-01',
      'E006,Jérôme Kollie,0886 201 238,1000.00,LRD,2026-01',
      'E007,Fatu Sirleaf,0886 201 239,abc,USD,2026-01',
      'E001,Amara Kamara,0886 201 234,150.00,USD,2026-01',
      'Total,,,1524.75,,',
    ];
    payrollPath = join(cli.dir, 'january-payroll.csv');
    payrollBytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
    ]);
    writeFileSync(payrollPath, payrollBytes);
    const summary = await cli.json<{
      importId: number;
      batchId: number;
      invalid: number;
      duplicates: number;
    }>(['import', payrollPath, '--type', 'payables', '--as', 'alice']);
    if (summary.invalid !== 1 || summary.duplicates !== 1) {
      throw new Error(
        `the payroll should have 1 invalid row and 1 duplicate: ${JSON.stringify(summary)}`,
      );
    }
    importId = summary.importId;
    batchId = summary.batchId;
    await cli.json(['batch', 'preflight', String(batchId)]);
    await cli.json(['batch', 'approve', String(batchId), '--as', 'bob']);
    await cli.json(['batch', 'run', String(batchId), '--wait'], 2);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await sandbox?.close();
    await db?.drop();
  });

  /** The Summary's figures computed by the database from the payments table. */
  async function sqlTotals(where: string, parameters: unknown[]): Promise<SqlTotals[]> {
    const sum = (expression: string): string => sumAsTextSql(dataSource, expression);
    const settled =
      "CASE WHEN status = 'COMPLETED' THEN COALESCE(payee_amount_minor, amount_minor) ELSE 0 END";
    // Only a completed payment was charged its fee; a failed one keeps the pre-flight's prediction.
    const charged = "CASE WHEN status = 'COMPLETED' THEN fee_minor ELSE 0 END";
    const rows = await dataSource.query<Record<string, unknown>[]>(
      `SELECT currency, CASE WHEN (SELECT b.kind FROM batches b WHERE b.id = payments.batch_id) = 'INVOICE'
           THEN 'collections' ELSE 'payouts' END AS type,
         status, COUNT(*) AS n, ${sum('amount_minor')} AS requested,
         ${sum('payer_amount_minor')} AS payer, ${sum('payee_amount_minor')} AS payee,
         ${sum(charged)} AS fees, ${sum(settled)} AS settled,
         ${sum(`CASE WHEN status = 'COMPLETED' THEN COALESCE(payee_amount_minor, amount_minor) - amount_minor ELSE 0 END`)} AS variance
       FROM payments WHERE ${where}
       GROUP BY currency, type, status ORDER BY currency, type DESC, status`,
      parameters,
    );
    return rows.map((r) => {
      const currency = r.currency as CurrencyCode;
      const money = (value: unknown): string => formatMinorUnits(readSum(value), currency);
      return {
        currency,
        type: r.type as string,
        status: r.status as string,
        count: Number(r.n),
        requested: money(r.requested),
        payerAmount: money(r.payer),
        payeeAmount: money(r.payee),
        fees: money(r.fees),
        settled: money(r.settled),
        variance: money(r.variance),
      };
    });
  }

  async function paymentCount(): Promise<number> {
    const [row] = await dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM payments WHERE batch_id = ?',
      [batchId],
    );
    return Number(row?.n);
  }

  it('writes the XLSX report: Summary ties to the database, one Detail row per payment, Exceptions, and a balanced journal', async () => {
    const out = join(cli.dir, 'batch.xlsx');
    const result = await cli.json<{
      detailRows: number;
      exceptionRows: number;
      summary: (SqlTotals & { status: string })[];
      journal: string;
      journalLines: number;
    }>(['report', '--batch', String(batchId), '--format', 'xlsx', '--out', out, '--journal']);

    const expected = await sqlTotals('batch_id = ?', [batchId]);
    expect(expected.map((t) => [t.currency, t.status, t.count])).toEqual([
      ['LRD', 'COMPLETED', 1],
      ['USD', 'COMPLETED', 4],
      ['USD', 'FAILED', 1],
    ]);
    const perStatus = result.summary.filter((line) => line.status !== 'TOTAL');
    expect(perStatus).toEqual(expected);
    expect(perStatus.find((line) => line.status === 'FAILED')).toMatchObject({ fees: '0.00' });
    expect(result.detailRows).toBe(await paymentCount());

    const workbook = await readWorkbook(out);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Summary',
      'Detail',
      'Exceptions',
      'Audit',
    ]);
    // The batch's audit trail: who imported, checked, approved and ran it.
    const audit = workbook.getWorksheet('Audit') as ExcelJS.Worksheet;
    expect(rowValues(audit, 1)).toEqual(['At (UTC)', 'Who', 'Role', 'Action', 'On', 'Details']);
    const actions = Array.from({ length: audit.rowCount - 1 }, (_, i) =>
      rowValues(audit, i + 2).slice(1, 4),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        ['alice', 'cli', 'import.created'],
        ['bob', 'cli', 'batch.approved'],
        [expect.any(String), 'cli', 'batch.run'],
      ]),
    );

    const summary = workbook.getWorksheet('Summary') as ExcelJS.Worksheet;
    expect(rowValues(summary, 4)).toEqual([
      'Currency',
      'Type',
      'Status',
      'Count',
      'Requested',
      'Payer amount',
      'Payee amount',
      'Fees',
      'Settled',
      'Variance (settled - requested)',
    ]);
    const sheetLines = sheetRows(summary, 5).filter((row) => row[2] !== 'TOTAL');
    expect(sheetLines).toEqual(
      expected.map((t) => [
        t.currency,
        'Payouts',
        t.status,
        t.count,
        Number(t.requested),
        Number(t.payerAmount),
        Number(t.payeeAmount),
        Number(t.fees),
        Number(t.settled),
        Number(t.variance),
      ]),
    );
    expect(summary.getRow(5).getCell(5).numFmt).toBe('#,##0.00');

    const detail = workbook.getWorksheet('Detail') as ExcelJS.Worksheet;
    expect(detail.rowCount - 1).toBe(await paymentCount());
    expect(detail.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(detail.autoFilter).toBe(`A1:AD${detail.rowCount}`);
    expect(detail.getColumn(6).width).toBeGreaterThan(10);
    // The Detail rows add up to the Summary: the control totals tie.
    const detailRows = sheetRows(detail, 2);
    const usdRequested = detailRows
      .filter((r) => r[8] === 'USD')
      .reduce((sum, r) => sum + Math.round((r[7] as number) * 100), 0);
    expect(formatMinorUnits(BigInt(usdRequested), 'USD')).toBe(
      result.summary.find((l) => l.currency === 'USD' && l.status === 'TOTAL')?.requested,
    );
    // Formula payloads are plain strings, never formulas, neutralised as in the CSV: saved as CSV
    // from Excel, the sheet must not turn them into formulas again.
    for (const payload of PAYLOADS) {
      const row = detailRows.findIndex((r) => r[5] === `'${payload}`);
      expect(row).toBeGreaterThanOrEqual(0);
      const cell = detail.getRow(row + 2).getCell(6);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
    }
    const referenceIds = await dataSource.query<{ reference_id: string }[]>(
      'SELECT a.reference_id FROM payment_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ? ORDER BY p.id',
      [batchId],
    );
    expect(detailRows.map((r) => r[11])).toEqual(referenceIds.map((r) => r.reference_id));
    const lrd = detailRows.find((r) => r[8] === 'LRD');
    expect(lrd?.[5]).toBe('Jérôme Kollie');
    expect(detail.getRow(detailRows.indexOf(lrd as unknown[]) + 2).getCell(8).numFmt).toBe(
      '#,##0.00',
    );

    const exceptions = workbook.getWorksheet('Exceptions') as ExcelJS.Worksheet;
    const exceptionRows = sheetRows(exceptions, 2);
    expect(exceptionRows.map((r) => [r[0], r[2], r[9]])).toEqual([
      ['FAILED', 7, 'FAILED'],
      ['DUPLICATE', 10, 'DUPLICATE'],
    ]);
    expect(exceptionRows[1]?.[11]).toContain('duplicate of row 3');
    expect(result.exceptionRows).toBe(2);

    // The journal: three lines per completed payout (payable, fees, wallet), balanced per currency.
    expect(result.journal).toBe(join(cli.dir, 'batch-journal.csv'));
    const journal = readCsv(result.journal);
    expect(journal[0]).toEqual([
      'date',
      'account',
      'debit',
      'credit',
      'currency',
      'memo',
      'reference',
    ]);
    const lines = journal.slice(1);
    expect(lines).toHaveLength(3 * 5);
    expect(result.journalLines).toBe(lines.length);
    const balance = new Map<string, bigint>();
    for (const [, , debit, credit, currency] of lines) {
      const c = currency as CurrencyCode;
      const minor = (text: string | undefined): bigint =>
        text === undefined || text === '' ? 0n : BigInt(text.replace('.', ''));
      balance.set(c, (balance.get(c) ?? 0n) + minor(debit) - minor(credit));
    }
    expect(Object.fromEntries(balance)).toEqual({ USD: 0n, LRD: 0n });
    expect(new Set(lines.map((l) => l[1]))).toEqual(new Set(['2100', '6150', '1050']));
    const memo = lines.find((l) => l[5]?.includes('+1'));
    expect(memo?.[5]).toMatch(/^Payout to \+1 \(E003\)/);
  });

  it('writes the CSV report (the Detail sheet) with formula payloads neutralised', async () => {
    const out = join(cli.dir, 'batch.csv');
    await cli.json(['report', '--batch', String(batchId), '--format', 'csv', '--out', out]);
    const records = readCsv(out);
    expect(records[0]?.[5]).toBe('Name');
    expect(records.length - 1).toBe(await paymentCount());
    const names = records.slice(1).map((r) => r[5]);
    for (const payload of PAYLOADS) expect(names).toContain(`'${payload}`);
    expect(names).toContain('Amara Kamara');
    for (const record of records.slice(1)) {
      for (const column of TEXT_COLUMNS) expect(record[column] ?? '').not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(readdirSync(cli.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports a period: the payments whose status changed on those days', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const out = join(cli.dir, 'period.csv');
    const result = await cli.json<{ detailRows: number; summary: SqlTotals[] }>([
      'report',
      '--from',
      today,
      '--to',
      today,
      '--format',
      'csv',
      '--out',
      out,
    ]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const expected = await sqlTotals('status_changed_at >= ? AND status_changed_at < ?', [
      `${today} 00:00:00`,
      `${tomorrow} 00:00:00`,
    ]);
    expect(result.summary.filter((l) => l.status !== 'TOTAL')).toEqual(expected);
    expect(result.detailRows).toBe(expected.reduce((n, t) => n + t.count, 0));
    expect(result.detailRows).toBeGreaterThanOrEqual(await paymentCount());
  });

  it("writes the day's report and journal into a folder for the nightly job", async () => {
    const config = testConfig(db.url, { DATA_DIR: dataDir });
    const source = new DataSource(buildDataSourceOptions(config.database));
    const reports = new ReportService(
      new DatabaseService(source, config),
      config,
      new AuditLog(source),
    );
    const dir = join(cli.dir, 'daily');
    const today = new Date().toISOString().slice(0, 10);
    try {
      const daily = await reports.writeDailyReport(today, dir);
      expect(readdirSync(dir).sort()).toEqual([
        `journal-${today}.csv`,
        `reconciliation-${today}.xlsx`,
      ]);
      expect(daily.report).toBe(join(dir, `reconciliation-${today}.xlsx`));
      const workbook = await readWorkbook(daily.report);
      const detail = workbook.getWorksheet('Detail') as ExcelJS.Worksheet;
      expect(detail.rowCount - 1).toBe(daily.detailRows);
      expect(daily.detailRows).toBeGreaterThanOrEqual(await paymentCount());
      expect(readCsv(daily.journal).length - 1).toBe(daily.journalLines);
      await expect(reports.writeDailyReport('2026-02-30', dir)).rejects.toThrow(
        'date must be a date written YYYY-MM-DD',
      );
    } finally {
      if (source.isInitialized) await source.destroy();
    }
  });

  it.each([
    [
      ['--batch', '1', '--from', '2026-01-01', '--to', '2026-01-31'],
      'REPORT_OPTIONS_INVALID',
      'not both',
    ],
    [['--batch', '999'], 'BATCH_NOT_FOUND', 'There is no batch 999'],
    [
      ['--from', '2026-13-01', '--to', '2026-12-31'],
      'REPORT_OPTIONS_INVALID',
      '--from must be a date written YYYY-MM-DD',
    ],
    [['--from', '2026-01-01'], 'REPORT_OPTIONS_INVALID', '--to is missing'],
    [
      ['--batch', '1', '--format', 'pdf'],
      'REPORT_OPTIONS_INVALID',
      'The format must be xlsx or csv (got "pdf")',
    ],
  ])('refuses report %j with %s', async (args, code, message) => {
    const out = join(cli.dir, 'refused.xlsx');
    const result = await cli.run(['report', ...args, '--out', out, '--json']);
    expect(result.code).toBe(1);
    const last = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as {
      ok: boolean;
      error: { code: string; message: string };
    };
    expect(last.ok).toBe(false);
    expect(last.error.code).toBe(code);
    expect(last.error.message).toContain(message);
    expect(result.stderr).toContain(message);
    expect(existsSync(out)).toBe(false);
  });

  it("export-source returns the paid UTF-8 file byte for byte, with each row's outcome appended", async () => {
    const out = join(cli.dir, 'january-back.csv');
    const result = await cli.json<{ fileName: string; contentType: string }>([
      'export-source',
      String(importId),
      '--out',
      out,
    ]);
    expect(result).toMatchObject({
      fileName: 'january-payroll.csv',
      contentType: 'text/csv; charset=utf-8',
    });
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const originalLines = payrollBytes.subarray(3).toString('utf8').split('\r\n');
    const exportedLines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(exportedLines).toHaveLength(originalLines.length);
    // Every line starts with the original line, unchanged; title and totals rows are untouched.
    exportedLines.forEach((line, i) => expect(line.startsWith(originalLines[i])).toBe(true));
    expect(exportedLines[0]).toBe(originalLines[0]);
    expect(exportedLines[10]).toBe(originalLines[10]);

    const original = parseCsv(payrollBytes);
    const exported = readCsv(out);
    expect(exported[1]).toEqual([...original[1], ...WRITE_BACK]);
    for (let i = 2; i <= 9; i += 1) {
      expect(exported[i]?.slice(0, 6)).toEqual(original[i]);
      expect(exported[i]).toHaveLength(6 + WRITE_BACK.length);
    }
    const attempts = await dataSource.query<
      { source_row: number | string; reference_id: string }[]
    >(
      `SELECT p.${dataSource.driver.escape('row_number')} AS source_row, a.reference_id FROM payments p JOIN payment_attempts a ON a.payment_id = p.id WHERE p.batch_id = ?`,
      [batchId],
    );
    const reference = new Map(attempts.map((a) => [Number(a.source_row), a.reference_id]));
    const outcome = (row: number): string[] => (exported[row - 1] ?? []).slice(6);
    expect(outcome(3).slice(0, 5)).toEqual([
      'COMPLETED',
      reference.get(3),
      'COMPLETED',
      '150.00',
      expect.stringMatching(/^\d+\.\d{2}$/),
    ]);
    expect(outcome(3)[5]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(outcome(7).slice(0, 3)).toEqual(['FAILED', reference.get(7), 'FAILED']);
    // No settled amount and no fee: a failed payout was charged nothing.
    expect(outcome(7).slice(3, 5)).toEqual(['', '']);
    expect(outcome(7)[6]).not.toBe('');
    expect(outcome(8).slice(0, 4)).toEqual(['COMPLETED', reference.get(8), 'COMPLETED', '1000.00']);
    expect(outcome(9)[0]).toBe('INVALID');
    expect(outcome(9)[6]).toContain('Net Pay "abc"');
    expect(outcome(10)[0]).toBe('DUPLICATE');
    expect(outcome(10)[6]).toContain('duplicate of row 3');
    expect(exported[10]).toEqual(original[10]);
  });

  it('keeps each imported file once, by its SHA-256, and nothing from a dry run', async () => {
    const kept = readdirSync(join(dataDir, 'uploads'));
    expect(kept).toContain(createHash('sha256').update(payrollBytes).digest('hex'));
    expect(kept.every((name) => /^[0-9a-f]{64}$/.test(name))).toBe(true);
    const trial = join(cli.dir, 'trial.csv');
    writeFileSync(
      trial,
      'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\r\nT1,Trial Run,0886 204 234,5.00,USD,2026-05\r\n',
    );
    await cli.json(['import', trial, '--type', 'payables', '--dry-run']);
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual(kept);
  });

  it('export-source keeps a ;-delimited Windows-1252 file in its delimiter, quoting and encoding', async () => {
    const lines = [
      'Employee ID;Employee Name;Mobile Number;Net Pay;Currency;Period;Note',
      'W001;Jérôme Dubois;0886 202 234;12.50;USD;2026-03;"avance; prime"',
      'W002;Zoë Müller;0886 202 235;13.00;USD;2026-03;',
      'W003;Bad Amount;0886 202 236;1.234;USD;2026-03;',
    ];
    const source = join(cli.dir, 'paie-mars.csv');
    const bytes = iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows1252');
    writeFileSync(source, bytes);
    const summary = await cli.json<{ importId: number }>([
      'import',
      source,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);
    const out = join(cli.dir, 'paie-mars-back.csv');
    const result = await cli.json<{ contentType: string }>([
      'export-source',
      String(summary.importId),
      '--out',
      out,
    ]);
    expect(result.contentType).toBe('text/csv; charset=windows-1252');

    const exportedBytes = readFileSync(out);
    expect(exportedBytes.includes(Buffer.from('Jérôme', 'utf8'))).toBe(false);
    const text = iconv.decode(exportedBytes, 'windows1252');
    const exportedLines = text.split('\r\n');
    lines.forEach((line, i) => expect(exportedLines[i]?.startsWith(`${line};`)).toBe(true));
    const records = parseCsv(text, ';');
    expect(records[0]).toEqual([...lines[0].split(';'), ...WRITE_BACK]);
    expect(records[1]?.slice(0, 7)).toEqual([
      'W001',
      'Jérôme Dubois',
      '0886 202 234',
      '12.50',
      'USD',
      '2026-03',
      'avance; prime',
    ]);
    expect(records[1]?.[7]).toBe('PENDING');
    expect(records[2]?.slice(6, 8)).toEqual(['', 'PENDING']);
    expect(records[3]?.[7]).toBe('INVALID');
    expect(records[3]?.[13]).toContain('Net Pay "1.234"');
  });

  it('export-source keeps an XLSX workbook: its title row, its other sheet, its rows', async () => {
    const source = join(cli.dir, 'suppliers-april.xlsx');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('April');
    sheet.addRow(['ACME Liberia - April payroll']);
    sheet.addRow([
      'Employee ID',
      'Employee Name',
      'Mobile Number',
      'Net Pay',
      'Currency',
      'Period',
    ]);
    sheet.addRow(['X001', 'Musa Dukuly', '0886 203 234', 45.5, 'USD', '2026-04']);
    sheet.addRow(['X002', 'Comfort Doe', '0886 203 235', -3, 'USD', '2026-04']);
    const notes = workbook.addWorksheet('Notes');
    notes.addRow(['Approved by', 'Finance']);
    await workbook.xlsx.writeFile(source);
    const summary = await cli.json<{ importId: number }>([
      'import',
      source,
      '--type',
      'payables',
      '--as',
      'alice',
    ]);

    const out = join(cli.dir, 'suppliers-april-back.xlsx');
    await cli.json(['export-source', String(summary.importId), '--out', out]);
    const back = await readWorkbook(out);
    expect(back.worksheets.map((s) => s.name)).toEqual(['April', 'Notes']);
    const april = back.getWorksheet('April') as ExcelJS.Worksheet;
    expect(rowValues(april, 1)).toEqual(['ACME Liberia - April payroll']);
    expect(rowValues(april, 2)).toEqual([
      'Employee ID',
      'Employee Name',
      'Mobile Number',
      'Net Pay',
      'Currency',
      'Period',
      ...WRITE_BACK,
    ]);
    expect(rowValues(april, 3).slice(0, 7)).toEqual([
      'X001',
      'Musa Dukuly',
      '0886 203 234',
      45.5,
      'USD',
      '2026-04',
      'PENDING',
    ]);
    expect(rowValues(april, 4).slice(0, 7)).toEqual([
      'X002',
      'Comfort Doe',
      '0886 203 235',
      -3,
      'USD',
      '2026-04',
      'INVALID',
    ]);
    expect(april.getRow(4).getCell(13).text).toContain('Net Pay');
    expect(rowValues(back.getWorksheet('Notes') as ExcelJS.Worksheet, 1)).toEqual([
      'Approved by',
      'Finance',
    ]);
  });

  it('export-source refuses an unknown import and a missing --out', async () => {
    const unknown = await cli.run([
      'export-source',
      '999',
      '--out',
      join(cli.dir, 'x.csv'),
      '--json',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no import 999');
    const noOut = await cli.run(['export-source', String(importId), '--json']);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toContain('--out');
  });

  describe('over HTTP', () => {
    let service: RunningService;
    let viewer: TestApiKey;
    const get = (path: string): Promise<Response> =>
      fetch(`${service.baseUrl}${path}`, { headers: bearer(viewer) });

    beforeAll(async () => {
      viewer = await createApiKey(cli.environment(), 'accountant', 'viewer');
      service = await startService(cli.environment());
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('GET /reports/reconciliation streams the XLSX and the CSV as attachments', async () => {
      const xlsx = await get(`/reports/reconciliation?batchId=${batchId}&format=xlsx`);
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-disposition')).toBe(
        `attachment; filename="reconciliation-batch-${batchId}.xlsx"`,
      );
      const workbook = await readWorkbookBuffer(Buffer.from(await xlsx.arrayBuffer()));
      expect(workbook.worksheets.map((s) => s.name)).toEqual([
        'Summary',
        'Detail',
        'Exceptions',
        'Audit',
      ]);
      expect((workbook.getWorksheet('Detail') as ExcelJS.Worksheet).rowCount - 1).toBe(
        await paymentCount(),
      );

      const csv = await get(`/reports/reconciliation?batchId=${batchId}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const records = parseCsv(Buffer.from(await csv.arrayBuffer()));
      expect(records.length - 1).toBe(await paymentCount());
      expect(records.map((r) => r[5])).toContain(`'${PAYLOADS[0]}`);
    });

    it('GET /reports/journal streams a balanced journal', async () => {
      const response = await get(`/reports/journal?batchId=${batchId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="journal-batch-${batchId}.csv"`,
      );
      const lines = parseCsv(Buffer.from(await response.arrayBuffer())).slice(1);
      expect(lines).toHaveLength(15);
    });

    it('GET /imports/:id/export-source serves the file in its own type, named <name>-with-status.<ext>', async () => {
      const response = await get(`/imports/${importId}/export-source`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="january-payroll-with-status.csv"; filename*=UTF-8\'\'january-payroll-with-status.csv',
      );
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(readFileSync(join(cli.dir, 'january-back.csv')))).toBe(true);
    });

    it.each([
      [
        `/reports/reconciliation?batchId=1&from=2026-01-01&to=2026-01-31`,
        400,
        'REPORT_OPTIONS_INVALID',
        'not both',
      ],
      [`/reports/reconciliation?batchId=999`, 404, 'BATCH_NOT_FOUND', 'There is no batch 999'],
      [
        `/reports/reconciliation?from=2026-02-30&to=2026-03-01`,
        400,
        'REPORT_OPTIONS_INVALID',
        'from must be a date',
      ],
      [
        `/reports/reconciliation?batchId=1&format=pdf`,
        400,
        'VALIDATION_FAILED',
        'format must be xlsx or csv',
      ],
      [`/reports/journal`, 400, 'REPORT_OPTIONS_INVALID', 'Say what to report on'],
      [`/imports/999/export-source`, 404, 'IMPORT_NOT_FOUND', 'There is no import 999'],
    ])('GET %s answers %i %s', async (path, status, code, message) => {
      const response = await get(path);
      expect(response.status).toBe(status);
      const body = (await response.json()) as {
        error: { code: string; message: string; details: unknown };
      };
      expect(body.error.code).toBe(code);
      expect(JSON.stringify(body.error)).toContain(message);
    });
  });
});
