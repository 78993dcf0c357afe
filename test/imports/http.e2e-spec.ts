import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { csvTable, xlsxTable } from './report-tables';

const ROOT = resolve(__dirname, '..', '..');
const NOT_OK = join(ROOT, 'test', 'fixtures', 'not-ok');
const BROKEN = join(ROOT, 'samples', 'broken', 'payroll-broken.csv');

interface Issue {
  column: string;
  value: string;
  message: string;
}

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

describe('the import HTTP API (POST /imports and GET /imports…)', () => {
  let db: TestDatabase;
  let service: RunningService;
  let maker: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'payroll.officer', 'maker');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function upload(
    fields: Record<string, string>,
    file?: { content: Buffer | string; name: string },
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const form = new FormData();
    if (file !== undefined) form.append('file', new Blob([file.content]), file.name);
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(maker),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  function fixture(path: string): { content: Buffer; name: string } {
    return { content: readFileSync(path), name: basename(path) };
  }

  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${service.baseUrl}${path}`, { headers: bearer(maker) });
    return { status: response.status, body: (await response.json()) as T };
  }

  function payroll(lines: string[]): string {
    return `Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\r\n${lines.join('\r\n')}\r\n`;
  }

  it('imports an upload and answers the summary with the payout batch it became', async () => {
    const file = {
      name: 'Février.csv',
      content: payroll([
        'EMP001,Jérôme Doe,0886 123 456,"1,250.50",USD,2026-02',
        'EMP002,Mary Kollie,0770-123-457,300.00,USD,2026-02',
      ]),
    };
    const created = await upload({ type: 'payables', profile: 'payroll', country: 'LR' }, file);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      importId: expect.any(Number) as unknown,
      status: 'imported',
      rows: 2,
      valid: 2,
      invalid: 0,
      duplicates: 0,
      skipped: 0,
      totals: [{ currency: 'USD', amount: '1550.50' }],
      invoices: null,
      period: '2026-02',
      periodFrom: 'column',
      warnings: [],
      sheet: null,
      headerRow: 1,
      batchId: expect.any(Number) as unknown,
    });
    const id = created.body.importId as number;

    const one = await get<Record<string, unknown>>(`/imports/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({
      importId: id,
      type: 'payables',
      fileName: 'Février.csv',
      profile: 'payroll',
      createdBy: 'payroll.officer',
      valid: 2,
    });
    const list = await get<{ importId: number }[]>('/imports');
    expect(list.body.map((i) => i.importId)).toContain(id);

    const again = await upload({ type: 'payables' }, { ...file, name: 'copy.csv' });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      error: {
        code: 'FILE_ALREADY_IMPORTED',
        message: expect.stringContaining(
          `already imported as import ${id} (Février.csv`,
        ) as unknown,
        details: expect.objectContaining({ importId: id, fileName: 'Février.csv' }) as unknown,
      },
    });
  });

  it('dryRun=true answers the summary and stores nothing', async () => {
    const before = await get<unknown[]>('/imports');
    const file = {
      name: 'dry.csv',
      content: payroll(['EMP030,Anna Cooper,0770 000 030,300,USD,2026-04']),
    };
    const dry = await upload({ type: 'payables', dryRun: 'true' }, file);
    expect(dry.status).toBe(201);
    expect(dry.body).toMatchObject({ importId: null, status: 'dry-run', valid: 1, batchId: null });
    expect((await get<unknown[]>('/imports')).body).toHaveLength(before.body.length);
  });

  describe('a file with invalid and duplicate rows', () => {
    let created: { status: number; body: Record<string, unknown> };
    let id: number;

    beforeAll(async () => {
      created = await upload({ type: 'payables' }, fixture(BROKEN));
      id = created.body.importId as number;
    });

    it('is imported (201) with every row counted', () => {
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ rows: 7, valid: 1, invalid: 5, duplicates: 1 });
    });

    it('GET /imports/:id/rows?status= filters the rows', async () => {
      const invalid = await get<{ row: number; status: string; errors: Issue[] }[]>(
        `/imports/${id}/rows?status=invalid`,
      );
      expect(invalid.status).toBe(200);
      expect(invalid.body.map((r) => [r.row, r.status])).toEqual(
        [3, 4, 5, 6, 7].map((row) => [row, 'invalid']),
      );
      const duplicate = await get<{ row: number; duplicateOf: unknown }[]>(
        `/imports/${id}/rows?status=duplicate`,
      );
      expect(duplicate.body).toEqual([
        expect.objectContaining({ row: 8, duplicateOf: { importId: id, row: 2 } }),
      ]);
      const bad = await get<ErrorBody>(`/imports/${id}/rows?status=paid`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/status/);
    });

    it.each(['csv', 'xlsx'])(
      'GET /imports/:id/errors?format=%s is the error report',
      async (format) => {
        const response = await fetch(`${service.baseUrl}/imports/${id}/errors?format=${format}`, {
          headers: bearer(maker),
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-disposition')).toContain(
          `import-${id}-errors.${format}`,
        );
        const bytes = Buffer.from(await response.arrayBuffer());
        const table = format === 'csv' ? csvTable(bytes) : await xlsxTable(bytes);
        expect(table[0]).toEqual([
          'Employee ID',
          'Employee Name',
          'Mobile Number',
          'Net Pay',
          'Currency',
          'Period',
          'Row',
          'Errors',
        ]);
        expect(table.slice(1).map((line) => line[6])).toEqual(['3', '4', '5', '6', '7', '8']);
        expect(table.find((line) => line[6] === '6')?.[7]).toBe(
          'Net Pay "10.555" has 3 decimals, but USD amounts have at most 2',
        );
      },
    );
  });

  it.each<[string, string, string, RegExp]>([
    ['phone-scientific.csv', 'Mobile Number', '2,50788E+11', /turned into a number by Excel/],
    ['amount-too-many-decimals.csv', 'Net Pay', '10.555', /USD amounts have at most 2/],
    ['currency-not-in-market.csv', 'Currency', 'RWF', /not paid in Liberia/],
    ['phone-landline.csv', 'Mobile Number', '+231 22 123 456', /not a valid Liberia mobile/],
  ])(
    '%s: the stored error names the row, the column %s, the value and the rule',
    async (name, column, value, rule) => {
      const created = await upload({ type: 'payables' }, fixture(join(NOT_OK, name)));
      // Its good first row repeats one uploaded above, so only `invalid` is this file's own.
      expect(created.body).toMatchObject({ status: 'imported', invalid: 1 });
      const rows = await get<{ row: number; errors: Issue[] }[]>(
        `/imports/${created.body.importId as number}/rows?status=invalid`,
      );
      expect(rows.body).toEqual([{ ...rows.body[0], row: 3 }]);
      expect(rows.body[0]?.errors).toEqual([
        { column, value, message: expect.stringMatching(rule) as unknown },
      ]);
      // The error report says it in one sentence: row, column, value, rule.
      const report = await fetch(
        `${service.baseUrl}/imports/${created.body.importId as number}/errors?format=csv`,
        { headers: bearer(maker) },
      );
      const line = csvTable(Buffer.from(await report.arrayBuffer())).find((l) => l.at(-2) === '3');
      expect(line?.at(-1)?.startsWith(`${column} "${value}" `)).toBe(true);
      expect(line?.at(-1)).toMatch(rule);
    },
  );

  describe('refusals, all in the one error shape', () => {
    it.each<
      [
        string,
        Record<string, string>,
        { content: Buffer | string; name: string } | undefined,
        number,
        string,
      ]
    >([
      ['no file', { type: 'payables' }, undefined, 400, 'FILE_NOT_FOUND'],
      [
        'an empty file',
        { type: 'payables' },
        fixture(join(NOT_OK, 'empty.csv')),
        422,
        'FILE_EMPTY',
      ],
      [
        'an old .xls workbook',
        { type: 'payables' },
        fixture(join(NOT_OK, 'old-excel.xls')),
        415,
        'FILE_UNSUPPORTED',
      ],
      [
        'a damaged .xlsx',
        { type: 'payables' },
        fixture(join(NOT_OK, 'corrupt.xlsx')),
        422,
        'FILE_UNREADABLE',
      ],
      [
        'a file without a header',
        { type: 'payables' },
        fixture(join(NOT_OK, 'no-header.csv')),
        422,
        'HEADER_NOT_FOUND',
      ],
      [
        'an unknown profile',
        { type: 'payables', profile: 'nope' },
        { name: 'x.csv', content: payroll([]) },
        400,
        'PROFILE_NOT_FOUND',
      ],
    ])('%s', async (_name, fields, file, status, code) => {
      const refused = await upload(fields, file);
      expect(refused.status).toBe(status);
      expect(Object.keys(refused.body)).toEqual(['error']);
      const error = refused.body.error as ErrorBody['error'];
      expect(Object.keys(error).sort()).toEqual(['code', 'details', 'message']);
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(20);
    });

    it('an unknown type is a validation error naming the field', async () => {
      const refused = await upload({ type: 'salaries' }, { name: 'x.csv', content: payroll([]) });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain('type');
      expect(Object.keys(refused.body)).toEqual(['error']);
    });

    it('an import that does not exist is 404', async () => {
      const missing = await get<ErrorBody>('/imports/99999');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toMatchObject({ code: 'IMPORT_NOT_FOUND' });
    });
  });
});
