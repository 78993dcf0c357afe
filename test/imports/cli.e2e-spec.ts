import {
  closeSync,
  copyFileSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { csvTable, xlsxTable } from './report-tables';

const ROOT = resolve(__dirname, '..', '..');
const NOT_OK = join(ROOT, 'test', 'fixtures', 'not-ok');
const BROKEN = join(ROOT, 'samples', 'broken', 'payroll-broken.csv');

const HEADER = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';

interface Summary {
  importId: number | null;
  status: string;
  rows: number;
  valid: number;
  invalid: number;
  duplicates: number;
  skipped: number;
  totals: { currency: string; amount: string }[];
  invoices: number | null;
  batchId: number | null;
}

interface RowJson {
  row: number;
  status: string;
  external_ref: string | null;
  full_name: string | null;
  phone: string | null;
  amount: string | null;
  currency: string | null;
  period: string | null;
  errors: { column: string; value: string; message: string }[];
  warnings: { column: string; value: string; message: string }[];
  duplicateOf: { importId: number; row: number } | null;
}

describe('the import commands (npm run cli -- import, imports)', () => {
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

  /** Runs a `--json` command that must succeed and returns its last stdout line. */
  async function json<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    if (result.code !== 0)
      throw new Error(`${args.join(' ')} exited ${result.code}:\n${result.stderr}`);
    return lastJsonLine(result.stdout) as T;
  }

  function payroll(name: string, lines: string[]): string {
    const path = join(dir, name);
    writeFileSync(path, `${[HEADER, ...lines].join('\r\n')}\r\n`);
    return path;
  }

  it('imports a payroll: the summary is the last stdout line and the payables became a batch', async () => {
    const file = payroll('december.csv', [
      'EMP001,Jérôme Doe,0886 123 456,"1,250.50",USD,2025-12',
      'EMP002,Mary Kollie,0770-123-457,300.00,USD,2025-12',
      'EMP003,Musu Kamara,0886 000 001,"25,000",LRD,2025-12',
    ]);
    const result = await cli(['import', file, '--type', 'payables', '--as', 'alice', '--json']);
    expect(result.code).toBe(0);
    const summary = lastJsonLine(result.stdout) as unknown as Summary;
    expect(Object.keys(summary).sort()).toEqual(
      [
        'importId',
        'status',
        'rows',
        'valid',
        'invalid',
        'duplicates',
        'skipped',
        'totals',
        'invoices',
        'period',
        'periodFrom',
        'warnings',
        'sheet',
        'headerRow',
        'batchId',
      ].sort(),
    );
    expect(summary).toMatchObject({
      status: 'imported',
      rows: 3,
      valid: 3,
      invalid: 0,
      duplicates: 0,
      skipped: 0,
      invoices: null,
      totals: [
        { currency: 'LRD', amount: '25000.00' },
        { currency: 'USD', amount: '1550.50' },
      ],
    });
    expect(summary.importId).toEqual(expect.any(Number));
    expect(summary.batchId).toEqual(expect.any(Number));

    const listed = await json<{ imports: { importId: number; createdBy: string }[] }>([
      'imports',
      'list',
    ]);
    expect(listed.imports).toContainEqual(
      expect.objectContaining({ importId: summary.importId, createdBy: 'alice' }),
    );
  });

  it('refuses the same file a second time, naming the first import', async () => {
    const file = payroll('once.csv', ['EMP010,Ade Tubman,0886 000 010,100,USD,2026-02']);
    const first = await json<Summary>(['import', file, '--type', 'payables']);
    const copy = join(dir, 'once-renamed.csv');
    copyFileSync(file, copy);

    const again = await cli(['import', copy, '--type', 'payables', '--json']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already imported as import ${first.importId} (once.csv`);
    expect(lastJsonLine(again.stdout)).toMatchObject({
      ok: false,
      error: { code: 'FILE_ALREADY_IMPORTED' },
    });
  });

  it('marks a payee paid for the same period in an earlier file as a duplicate, with a pointer', async () => {
    const first = await json<Summary>([
      'import',
      payroll('march.csv', [
        'EMP020,Fatu Sirleaf,0886 000 020,200,USD,2026-03',
        'EMP021,Joseph Boakai,0886 000 021,210,USD,2026-03',
      ]),
      '--type',
      'payables',
    ]);
    const second = await json<Summary>([
      'import',
      payroll('march-corrected.csv', [
        'EMP022,Comfort Dahn,0886 000 022,220,USD,2026-03',
        'EMP021,Joseph Boakai,0886 000 021,215,USD,2026-03',
      ]),
      '--type',
      'payables',
    ]);
    expect(second).toMatchObject({ rows: 2, valid: 1, duplicates: 1 });
    expect(second.totals).toEqual([{ currency: 'USD', amount: '220.00' }]);

    const duplicates = await json<RowJson[]>([
      'imports',
      'rows',
      String(second.importId),
      '--status',
      'duplicate',
    ]);
    expect(duplicates).toEqual([
      expect.objectContaining({
        row: 3,
        status: 'duplicate',
        external_ref: 'EMP021',
        duplicateOf: { importId: first.importId, row: 3 },
      }),
    ]);
  });

  it('--dry-run reports the same summary and stores nothing', async () => {
    const file = payroll('april.csv', ['EMP030,Anna Cooper,0770 000 030,300,USD,2026-04']);
    const before = await json<{ imports: unknown[] }>(['imports', 'list']);
    const dry = await json<Summary>(['import', file, '--type', 'payables', '--dry-run']);
    expect(dry).toMatchObject({ importId: null, status: 'dry-run', valid: 1, batchId: null });
    const after = await json<{ imports: unknown[] }>(['imports', 'list']);
    expect(after.imports).toHaveLength(before.imports.length);

    // Not even its fingerprint was kept: the file can be imported for real.
    const real = await json<Summary>(['import', file, '--type', 'payables']);
    expect(real).toMatchObject({ status: 'imported', valid: 1 });
  });

  describe('a file with invalid rows', () => {
    let summary: Summary;

    beforeAll(async () => {
      summary = await json<Summary>(['import', BROKEN, '--type', 'payables']);
    });

    it('is imported (exit 0) with every row counted', () => {
      expect(summary).toMatchObject({
        status: 'imported',
        rows: 7,
        valid: 1,
        invalid: 5,
        duplicates: 1,
        totals: [{ currency: 'USD', amount: '1250.50' }],
      });
    });

    it('imports rows --status invalid lists each row with the column, value and rule', async () => {
      const rows = await json<RowJson[]>([
        'imports',
        'rows',
        String(summary.importId),
        '--status',
        'invalid',
      ]);
      expect(rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
      expect(rows.every((r) => r.status === 'invalid' && r.errors.length > 0)).toBe(true);
      const byRow = new Map(rows.map((r) => [r.row, r]));
      expect(byRow.get(3)?.errors).toEqual([
        {
          column: 'Mobile Number',
          value: '2,50788E+11',
          message: expect.stringMatching(/turned into a number by Excel/) as unknown,
        },
      ]);
      expect(byRow.get(5)).toMatchObject({
        external_ref: 'EMP005',
        full_name: 'Negative Pay',
        phone: '231886000112',
        currency: 'USD',
        period: '2026-01',
        errors: [
          {
            column: 'Net Pay',
            value: '-50',
            message: expect.stringMatching(/more than zero/) as unknown,
          },
        ],
      });
      expect(byRow.get(6)?.errors).toEqual([
        expect.objectContaining({ column: 'Net Pay', value: '10.555' }),
      ]);
    });

    it.each(['csv', 'xlsx'])(
      'imports errors --out FILE.%s writes the original columns plus Row and Errors',
      async (format) => {
        const out = join(dir, `errors-${summary.importId}.${format}`);
        const result = await cli(['imports', 'errors', String(summary.importId), '--out', out]);
        expect(result.code).toBe(0);
        const table =
          format === 'csv' ? csvTable(readFileSync(out)) : await xlsxTable(readFileSync(out));
        expect(table[0]).toEqual([...HEADER.split(','), 'Row', 'Errors']);
        expect(table).toHaveLength(1 + 5 + 1);
        const scientific = table.find((line) => line[0] === 'EMP003');
        expect(scientific?.slice(2, 4)).toEqual(['2,50788E+11', '100']);
        expect(scientific?.[6]).toBe('3');
        expect(scientific?.[7]).toMatch(/Mobile Number "2,50788E\+11" was turned into a number/);
        const duplicate = table.find((line) => line[6] === '8');
        expect(duplicate?.[7]).toMatch(/duplicate of row 2/);
      },
    );
  });

  it('prints each problem as one sentence: row, column, value and rule', async () => {
    const result = await cli([
      'import',
      join(NOT_OK, 'currency-not-in-market.csv'),
      '--type',
      'payables',
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('nothing was stored');
    expect(result.stdout).toContain(
      'Row 3: Currency "RWF" is not paid in Liberia: use USD or LRD for Liberia',
    );
  });

  it('a receivables import counts invoices and becomes an invoice batch', async () => {
    const summary = await json<Summary>([
      'import',
      join(ROOT, 'samples', 'invoices.csv'),
      '--type',
      'receivables',
    ]);
    expect(summary).toMatchObject({
      status: 'imported',
      invalid: 0,
      batchId: expect.any(Number) as unknown,
    });
    expect(summary.invoices).toBeGreaterThan(0);
  });

  describe('files that cannot be read exit 1 with what to do', () => {
    it.each<{ name: string; file: () => string; message: RegExp }>([
      {
        name: 'missing',
        file: () => join(dir, 'nowhere.csv'),
        message: /nowhere.csv does not exist/,
      },
      { name: 'empty', file: () => join(NOT_OK, 'empty.csv'), message: /empty.csv is empty/ },
      {
        name: 'corrupt',
        file: () => join(NOT_OK, 'corrupt.xlsx'),
        message: /could not be read .*damaged/,
      },
      {
        name: 'unsupported',
        file: () => join(NOT_OK, 'document.pdf'),
        message: /not a file type that can be imported: use a .csv or .xlsx file/,
      },
      {
        name: '.xls',
        file: () => join(NOT_OK, 'old-excel.xls'),
        message: /old Excel 97-2003 workbook .*save it as "Excel Workbook \(.xlsx\)"/,
      },
      {
        name: 'too large',
        file: () => sparseFile(dir, 101),
        message: /largest accepted is 50 MiB \(UPLOAD_MAX_BYTES\)/,
      },
      {
        name: 'without a header',
        file: () => join(NOT_OK, 'no-header.csv'),
        message: /No header row was found/,
      },
    ])('$name', async ({ file, message }) => {
      const result = await cli(['import', file(), '--type', 'payables', '--json']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(lastJsonLine(result.stdout)).toMatchObject({ ok: false, error: { message } });
    });

    it('without --type, says which types there are', async () => {
      const result = await cli(['import', BROKEN]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/--type payables .* or --type receivables/);
    });
  });
});

/** A file of `mebibytes` MiB that takes no disk space: only its size is looked at. */
function sparseFile(dir: string, mebibytes: number): string {
  const path = join(dir, 'huge.csv');
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, mebibytes * 1024 * 1024);
  } finally {
    closeSync(fd);
  }
  return path;
}
