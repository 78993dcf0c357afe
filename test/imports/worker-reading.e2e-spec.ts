import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAYROLL_HEADER, payrollRow } from '../../samples/payroll-data';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '..', '..');
const NOT_OK = join(ROOT, 'test', 'fixtures', 'not-ok');

/** Every file on the worker thread, or none (the default threshold is far above these files). */
const ON_WORKER = { IMPORT_WORKER_MIN_BYTES: '0', LOG_LEVEL: 'debug' };
const ON_MAIN = { IMPORT_WORKER_MIN_BYTES: String(1024 * 1024 * 1024), LOG_LEVEL: 'debug' };

interface Imported {
  readonly summary: Record<string, unknown>;
  readonly rows: Record<string, unknown>[];
}

function csvLine(cells: readonly string[]): string {
  return cells
    .map((cell) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(',');
}

/**
 * 1,500 payroll rows under a title, spanning many batches of the reader: invalid amounts and
 * phones, repeats of rows several batches earlier, phones shared with a payee several batches
 * earlier, and a totals row.
 */
function mixedPayroll(path: string): void {
  const lines = [csvLine(['Acme Liberia Ltd: payroll January 2026']), '', csvLine(PAYROLL_HEADER)];
  for (let i = 0; i < 1_500; i += 1) {
    let row = payrollRow(i);
    if (i > 400 && i % 7 === 6) row = payrollRow(i - 400);
    if (i % 97 === 50) row[3] = '-12.00';
    if (i % 89 === 30) row[2] = '2,31886E+11';
    if (i > 300 && i % 11 === 5) row[2] = payrollRow(i - 300)[2] ?? '';
    lines.push(csvLine(row));
  }
  lines.push(csvLine(['TOTAL', '', '', '', '', '', '']));
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}

describe('files read on a worker thread (IMPORT_WORKER_MIN_BYTES)', () => {
  const dir = scratchDir();
  let onWorker: TestDatabase;
  let onMain: TestDatabase;

  beforeAll(async () => {
    onWorker = await createTestDatabase();
    onMain = await createTestDatabase();
  });

  afterAll(async () => {
    await onWorker?.drop();
    await onMain?.drop();
  });

  function cli(
    db: TestDatabase,
    env: Record<string, string>,
    args: string[],
  ): Promise<ProcessResult> {
    return runCli(args, { DATABASE_URL: db.url, ...env }, dir);
  }

  async function imported(
    db: TestDatabase,
    env: Record<string, string>,
    thread: RegExp,
    args: string[],
  ): Promise<Imported> {
    const result = await cli(db, env, ['import', ...args, '--json']);
    if (result.code !== 0) throw new Error(`import exited ${result.code}:\n${result.stderr}`);
    expect(result.stderr).toMatch(thread);
    const summary = lastJsonLine(result.stdout);
    const rows = await cli(db, env, [
      'imports',
      'rows',
      String(summary.importId),
      '--all',
      '--json',
    ]);
    expect(rows.code).toBe(0);
    return { summary, rows: JSON.parse(rows.stdout.trim().split('\n').pop() ?? '[]') as never };
  }

  /** The same import on a worker thread and on the main thread. */
  async function both(args: string[]): Promise<[Imported, Imported]> {
    const worker = await imported(onWorker, ON_WORKER, /on a worker thread/, args);
    const main = await imported(onMain, ON_MAIN, /on the main thread/, args);
    return [worker, main];
  }

  it('stores the same rows, statuses, errors, warnings and duplicates as the main thread', async () => {
    const file = join(dir, 'payroll-mixed.csv');
    mixedPayroll(file);
    const [worker, main] = await both([file, '--type', 'payables']);

    expect(worker.summary).toEqual(main.summary);
    expect(worker.rows).toEqual(main.rows);
    expect(worker.summary).toMatchObject({ rows: 1_501, skipped: 1 });
    const statuses = new Set(worker.rows.map((row) => row.status));
    expect([...statuses].sort()).toEqual(['duplicate', 'invalid', 'skipped', 'valid']);
    const messages = worker.rows.flatMap((row) =>
      (row.warnings as { message: string }[]).map((w) => w.message),
    );
    expect(messages.some((m) => /is also the phone of .* on row \d+/.test(m))).toBe(true);
    expect(messages.some((m) => /is a duplicate of row \d+ of this file/.test(m))).toBe(true);
  });

  it('points a payable to the earlier import that has it, and reads invoices the same', async () => {
    const again = join(dir, 'payroll-again.csv');
    writeFileSync(
      again,
      `${[PAYROLL_HEADER, payrollRow(3), payrollRow(2_000)].map(csvLine).join('\n')}\n`,
    );
    const [worker, main] = await both([again, '--type', 'payables']);
    expect(worker.rows).toEqual(main.rows);
    expect(worker.rows[0]).toMatchObject({ status: 'duplicate', duplicateOf: { row: 7 } });
    expect(worker.rows[1]).toMatchObject({ status: 'valid' });

    const invoices = join(ROOT, 'samples', 'invoices.csv');
    const [workerInvoices, mainInvoices] = await both([invoices, '--type', 'receivables']);
    expect(workerInvoices.summary).toEqual(mainInvoices.summary);
    expect(workerInvoices.rows).toEqual(mainInvoices.rows);
    expect(workerInvoices.summary.invoices).toBeGreaterThan(0);
  });

  it.each([
    ['unclosed-quote.csv', /unclosed quote/],
    ['no-header.csv', /No header row was found/],
    ['header-missing-column.csv', /has no column for: amount/],
  ])('refuses %s with the same message, storing nothing', async (file, message) => {
    const args = ['import', join(NOT_OK, file), '--type', 'payables'];
    const worker = await cli(onWorker, ON_WORKER, args);
    const main = await cli(onMain, ON_MAIN, args);
    expect(worker.stderr).toMatch(/on a worker thread/);
    expect(worker.code).toBe(1);
    expect(worker.code).toBe(main.code);
    expect(worker.stderr).toMatch(message);
    const refusal = (result: ProcessResult): string | undefined =>
      result.stderr.split('\n').find((line) => message.test(line));
    expect(refusal(worker)).toBe(refusal(main));
    const list = await cli(onWorker, ON_WORKER, ['imports', 'list', '--json']);
    expect(JSON.stringify(lastJsonLine(list.stdout))).not.toContain(file);
  });
});
