import { join, resolve } from 'node:path';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '..', '..');
const WORKBOOKS = join(ROOT, 'test', 'fixtures', 'workbooks');

interface Issue {
  column: string;
  value: string;
  message: string;
}

interface RowJson {
  row: number;
  status: string;
  qty?: string | null;
  errors: Issue[];
  warnings: Issue[];
}

/** Workbooks from other writers than Excel, imported through the CLI as a user would. */
describe('importing workbooks (npm run cli -- import FILE.xlsx)', () => {
  let db: TestDatabase;
  const dir = scratchDir();

  // A database for each test: the fixtures pay the same people for the same period.
  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db?.drop();
  });

  function cli(args: string[]): Promise<ProcessResult> {
    return runCli(args, { DATABASE_URL: db.url }, dir);
  }

  async function json<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    if (result.code !== 0) {
      throw new Error(
        `${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return lastJsonLine(result.stdout) as T;
  }

  async function rows(importId: number): Promise<RowJson[]> {
    const result = await cli(['imports', 'rows', String(importId), '--all', '--json']);
    if (result.code !== 0) throw new Error(result.stderr);
    return JSON.parse(result.stdout.trimEnd().split('\n').pop() ?? '[]') as RowJson[];
  }

  it('a hidden sheet chosen by name is read, with a warning in the summary, then and later', async () => {
    const summary = await json<{ importId: number; sheet: string; warnings: string[] }>([
      'import',
      join(WORKBOOKS, 'hidden-sheets.xlsx'),
      '--type',
      'payables',
      '--sheet',
      'lookup',
    ]);
    expect(summary).toMatchObject({ sheet: 'Lookup', valid: 2 });
    const warning =
      'Sheet "Lookup" is hidden in Excel: it was read because it was chosen by name. Check that it is the sheet you meant to import; its rows are imported like any other.';
    expect(summary.warnings).toEqual([warning]);

    // Stored with the import: the list gives the same summary.
    const list = await json<{ imports: { importId: number; warnings: string[] }[] }>([
      'imports',
      'list',
    ]);
    expect(list.imports.find((i) => i.importId === summary.importId)?.warnings).toEqual([warning]);

    // By default, the first tab Excel shows, without a warning.
    const visible = await json<{ sheet: string; warnings: string[] }>([
      'import',
      join(WORKBOOKS, 'tab-order.xlsx'),
      '--type',
      'payables',
      '--dry-run',
    ]);
    expect(visible).toMatchObject({ sheet: 'Payroll', warnings: [], rows: 2, invalid: 0 });
  });

  it('an Excel error or a formula without its result makes the row invalid, saying so; 0 from a formula is 0', async () => {
    const summary = await json<{ importId: number; valid: number; invalid: number }>([
      'import',
      join(WORKBOOKS, 'formulas.xlsx'),
      '--type',
      'payables',
    ]);
    expect(summary.valid).toBe(1);
    const all = await rows(summary.importId);
    const byRow = new Map(all.map((r) => [r.row, r]));
    // =H2*0, cached 0: a Net Pay of 0, which is not paid.
    expect(byRow.get(2)?.errors).toEqual([
      { column: 'Net Pay', value: '0', message: 'must be more than zero' },
    ]);
    expect(byRow.get(3)).toMatchObject({
      status: 'invalid',
      errors: [
        {
          column: 'Net Pay',
          value: '#VALUE!',
          message:
            'contains the Excel error #VALUE! (a formula was given a value of the wrong kind): correct it in Excel, save the file and import it again',
        },
      ],
      // A column the profile does not read: a warning only.
      warnings: [
        {
          column: 'Check',
          value: '#N/A',
          message:
            'contains the Excel error #N/A (a lookup found no value): correct it in Excel, save the file and import it again',
        },
      ],
    });
    expect(byRow.get(4)).toMatchObject({
      status: 'invalid',
      errors: [
        {
          column: 'Net Pay',
          value: '',
          message:
            'is a formula whose result is not stored in the file (the program that wrote it does not calculate formulas): open the file in Excel (or LibreOffice) and save it, so that the results are stored, then import it again',
        },
      ],
    });
    expect(byRow.get(5)).toMatchObject({
      status: 'valid',
      errors: [],
      warnings: [expect.objectContaining({ column: 'Check', value: '#REF!' }) as unknown as Issue],
    });
  });

  it('an invoice line whose quantity is =B9*0 (cached 0) has a quantity of 0, which is refused', async () => {
    const summary = await json<{ importId: number }>([
      'import',
      join(WORKBOOKS, 'invoice-formulas.xlsx'),
      '--type',
      'receivables',
    ]);
    expect(summary).toMatchObject({ valid: 7, invalid: 1, invoices: 7 });
    const line = (await rows(summary.importId)).find((r) => r.row === 9);
    expect(line).toMatchObject({
      status: 'invalid',
      errors: [{ column: 'Qty', value: '0', message: 'must be more than zero' }],
    });
  });

  it('a hidden row is imported, with a warning that it is hidden', async () => {
    const summary = await json<{ importId: number }>([
      'import',
      join(WORKBOOKS, 'hidden-rows.xlsx'),
      '--type',
      'payables',
      '--sheet',
      'Manual',
    ]);
    expect(summary).toMatchObject({ valid: 3, invalid: 0, sheet: 'Manual', warnings: [] });
    const hidden = {
      column: '',
      value: '',
      message:
        'is hidden in Excel: it is imported like any other row (delete it from the file if it should not be)',
    };
    const all = await rows(summary.importId);
    expect(all.filter((r) => r.warnings.some((w) => w.message === hidden.message))).toEqual([
      expect.objectContaining({ row: 3, status: 'valid', warnings: [hidden] }),
    ]);
  });

  it('the LibreOffice sample imports: 1904 dates, formulas, a hidden sheet and a hidden row', async () => {
    const summary = await json<{ importId: number }>([
      'import',
      join(ROOT, 'samples', 'suppliers-libreoffice.xlsx'),
      '--type',
      'payables',
      '--profile',
      'suppliers',
    ]);
    expect(summary).toMatchObject({
      sheet: 'Bills',
      headerRow: 3,
      valid: 4,
      invalid: 0,
      skipped: 1,
      warnings: [],
      totals: [
        { currency: 'LRD', amount: '16500.00' },
        { currency: 'USD', amount: '1595.28' },
      ],
    });
    const all = await rows(summary.importId);
    expect(all.filter((r) => r.warnings.length > 0).map((r) => r.row)).toEqual([7, 8]);
  });
});
