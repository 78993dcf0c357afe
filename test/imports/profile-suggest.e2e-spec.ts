import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import {
  lastJsonLine,
  type ProcessResult,
  runCli,
  type RunningService,
  scratchDir,
  startService,
} from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { LEDGER } from './foreign-exports';

interface Suggestion {
  type: string;
  sheet: string | null;
  headerRow: number;
  headers: string[];
  columns: { column: number; header: string; use: string | null; how: string | null }[];
  missing: string[];
  checks: string[];
  profile: Record<string, unknown>;
  complete: boolean;
  sampleRows: { row: number; cells: (string | number)[] }[];
}

interface Issue {
  column: string;
  value: string;
  message: string;
}

describe('mapping a foreign export (profiles suggest, POST /profiles/suggest and /preview)', () => {
  let db: TestDatabase;
  const dir = scratchDir();
  const ledger = join(dir, 'acme-ledger.csv');

  beforeAll(async () => {
    db = await createTestDatabase();
    writeFileSync(ledger, LEDGER);
  });

  afterAll(async () => {
    await db?.drop();
  });

  function cli(args: string[]): Promise<ProcessResult> {
    return runCli(args, { DATABASE_URL: db.url }, dir);
  }

  async function json<T>(args: string[], exitCode = 0): Promise<T> {
    const result = await cli([...args, '--json']);
    if (result.code !== exitCode) {
      throw new Error(
        `${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return lastJsonLine(result.stdout) as T;
  }

  it('suggests a profile that joins the name, nets debit and credit and reads both phones', async () => {
    const suggestion = await json<Suggestion>(['profiles', 'suggest', ledger]);
    expect(suggestion).toMatchObject({
      type: 'payables',
      headerRow: 3,
      complete: true,
      missing: [],
    });
    expect(suggestion.columns.map((c) => [c.header, c.use])).toEqual([
      ['Vendor ID', 'external_ref'],
      ['First Name', 'full_name (first part)'],
      ['Surname', 'full_name (second part)'],
      ['Mobile', 'phone'],
      ['Alt. Mobile', 'phone (if the first is blank)'],
      ['Debit', 'amount (debit)'],
      ['Credit', 'amount (credit)'],
      ['Bill No', 'reference'],
    ]);
    expect(suggestion.profile).toMatchObject({
      name: 'acme-ledger',
      type: 'payables',
      relationship: 'SUPPLIER',
      decimalSeparator: ',',
      columns: {
        full_name: { join: [['First Name'], ['Surname']] },
        amount: { debit: ['Debit'], credit: ['Credit'], amountIs: 'credit-minus-debit' },
        phone: ['Mobile', 'Alt. Mobile'],
      },
    });
    expect(suggestion.checks.join('\n')).toMatch(/"Credit" minus "Debit"/);
    expect(suggestion.sampleRows.map((r) => r.row)).toEqual([4, 5, 6]);

    const text = await cli(['profiles', 'suggest', ledger]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Header on row 3; read as payables\./);
    expect(text.stdout).toMatch(/Alt\. Mobile\s+→\s+phone \(if the first is blank\)/);
  });

  it('imports the file with the profile it wrote, its type taken from the profile', async () => {
    const written = await cli(['profiles', 'suggest', ledger, '--out', 'acme.json']);
    expect(written.stdout).toContain('Wrote the profile to acme.json');
    // A profile edited since is never replaced by a second suggestion.
    writeFileSync(join(dir, 'acme.json'), `${readFileSync(join(dir, 'acme.json'), 'utf8')} `);
    const edited = readFileSync(join(dir, 'acme.json'), 'utf8');
    const again = await cli(['profiles', 'suggest', ledger, '--out', 'acme.json']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('acme.json already exists: give --out a new file name');
    expect(readFileSync(join(dir, 'acme.json'), 'utf8')).toBe(edited);
    const summary = await json<{
      importId: number;
      valid: number;
      invalid: number;
      totals: { currency: string; amount: string }[];
      headerRow: number;
    }>(['import', ledger, '--profile', './acme.json', '--country', 'LR', '--currency', 'USD']);
    expect(summary).toMatchObject({ valid: 2, invalid: 1, headerRow: 3 });
    expect(summary.totals).toEqual([{ currency: 'USD', amount: '1550.50' }]);
    const rows = await cli(['imports', 'rows', String(summary.importId), '--json']);
    const listed = lastJsonLine(rows.stdout) as unknown as {
      rows?: { row: number; full_name: string; phone: string; errors: Issue[] }[];
    };
    const all =
      listed.rows ??
      (listed as unknown as { row: number; full_name: string; phone: string; errors: Issue[] }[]);
    expect(all.map((r) => [r.row, r.full_name, r.phone])).toEqual([
      [4, 'Musu Kollie', '231886123456'],
      [5, 'Joseph Flomo', '231777222333'],
      [6, 'Sia Kamara', '231886765432'],
    ]);
    expect(all[2]?.errors).toEqual([
      expect.objectContaining({ column: 'Credit − Debit', value: '-50' }),
    ]);
  });

  it('says what it could not find, and takes the header row it is given', async () => {
    const bare = join(dir, 'transfers.csv');
    writeFileSync(
      bare,
      'Beneficiary,Number,Value\nMusu Kollie,0886123456,10\nSia Kamara,0777222333,12\n',
    );
    const lost = await cli(['profiles', 'suggest', bare]);
    expect(lost.code).toBe(1);
    expect(lost.stderr).toMatch(/No row of the first 30 looks like column names.*--header-row/);

    const given = await json<Suggestion>(['profiles', 'suggest', bare, '--header-row', '1'], 2);
    expect(given.complete).toBe(false);
    expect(given.missing).toEqual(['amount']);
    // No header word says phone: its values do.
    expect(given.columns.find((c) => c.header === 'Number')).toMatchObject({
      use: 'phone',
      how: 'values',
    });
    expect(given.profile).toMatchObject({ headerRow: 1 });
  });

  it('writes the sheet and header row it was given, and the import reads them from the profile', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Summary').addRow(['Totals are on the next sheet']);
    const staff = book.addWorksheet('Staff Nov 2026');
    staff.addRow(['Casual labour, paid by mobile money']);
    staff.addRow([]);
    staff.addRow(['Prepared by: Finance']);
    staff.addRow(['Worker', 'Telephone', 'Wage', 'Currency']);
    staff.addRow(['Musu Kollie', '0886123456', 25, 'USD']);
    staff.addRow(['Sia Kamara', '0777222333', 30.5, 'USD']);
    const path = join(dir, 'casuals.xlsx');
    await book.xlsx.writeFile(path);

    const suggestion = await json<Suggestion>([
      'profiles',
      'suggest',
      path,
      '--sheet',
      'Staff Nov 2026',
      '--header-row',
      '4',
      '--out',
      'casuals.json',
    ]);
    expect(suggestion).toMatchObject({ sheet: 'Staff Nov 2026', headerRow: 4, complete: true });
    const profile = JSON.parse(readFileSync(join(dir, 'casuals.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(profile).toMatchObject({
      sheet: 'Staff Nov 2026',
      headerRow: 4,
      relationship: 'EMPLOYEE',
      columns: {
        full_name: ['Worker'],
        phone: ['Telephone'],
        amount: ['Wage'],
        currency: ['Currency'],
      },
    });

    const summary = await json<{ sheet: string; headerRow: number; valid: number; period: string }>(
      ['import', path, '--profile', 'casuals.json', '--country', 'LR'],
    );
    expect(summary).toMatchObject({
      sheet: 'Staff Nov 2026',
      headerRow: 4,
      valid: 2,
      period: '2026-11',
    });
  });

  describe('over HTTP', () => {
    let service: RunningService;
    let maker: TestApiKey;

    beforeAll(async () => {
      service = await startService({ DATABASE_URL: db.url });
      maker = await createApiKey({ DATABASE_URL: db.url }, 'mapping.clerk', 'maker');
    });

    afterAll(async () => {
      await service?.stop();
    });

    async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
      const form = body instanceof FormData;
      const response = await fetch(`${service.baseUrl}${path}`, {
        method: 'POST',
        body: form ? body : JSON.stringify(body),
        headers: { ...bearer(maker), ...(form ? {} : { 'Content-Type': 'application/json' }) },
      });
      return { status: response.status, body: (await response.json()) as T };
    }

    it('suggests from an upload and previews the first rows as a draft profile would import them', async () => {
      const form = new FormData();
      form.append('file', new Blob([LEDGER]), 'acme-ledger.csv');
      const suggested = await post<Suggestion>('/profiles/suggest', form);
      expect(suggested.status).toBe(200);
      expect(suggested.body).toMatchObject({ headerRow: 3, complete: true });

      const request = {
        profile: suggested.body.profile,
        headerRow: suggested.body.headerRow,
        headers: suggested.body.headers,
        rows: suggested.body.sampleRows,
        fileName: 'acme-ledger.csv',
        country: 'LR',
        currency: 'USD',
      };
      const preview = await post<{
        problems: string[];
        columns: Record<string, string>;
        rows: { row: number; status: string; fields: Record<string, string>; errors: Issue[] }[];
      }>('/profiles/preview', request);
      expect(preview.status).toBe(200);
      expect(preview.body.problems).toEqual([]);
      expect(preview.body.columns).toMatchObject({
        full_name: 'First Name + Surname',
        amount: 'Credit − Debit',
      });
      expect(preview.body.rows.map((r) => [r.row, r.status, r.fields.amount ?? null])).toEqual([
        [4, 'valid', '1250.50'],
        [5, 'valid', '300.00'],
        [6, 'invalid', null],
      ]);

      // A draft without a name column is answered with what is missing, not refused.
      const columns = { ...(suggested.body.profile.columns as Record<string, unknown>) };
      delete columns.full_name;
      const draft = await post<{ problems: string[]; rows: unknown[] }>('/profiles/preview', {
        ...request,
        profile: { ...suggested.body.profile, columns },
      });
      expect(draft.status).toBe(200);
      expect(draft.body.problems).toEqual(['columns.full_name: is required for payables']);
      expect(draft.body.rows).toEqual([]);
    });

    it('refuses a preview that is not rows of plain cells', async () => {
      const refused = await post<{ error: { code: string; message: string } }>(
        '/profiles/preview',
        {
          profile: {},
          headerRow: 1,
          headers: ['A'],
          rows: [{ row: 2, cells: [{ formula: 'x' }] }],
        },
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/rows\[0\]\.cells must be a list/) as unknown,
      });
    });
  });
});
