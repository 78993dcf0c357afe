import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import {
  lastJsonLine,
  runCli,
  scratchDir,
  startService,
  type RunningService,
} from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const KIND = { payroll: 'payables', suppliers: 'payables', invoices: 'receivables' } as const;

/** The templates are files the built-in profiles read: each imports as it comes, example row valid. */
describe('import templates (GET /templates/{name}.{xlsx,csv})', () => {
  let db: TestDatabase;
  let service: RunningService;
  let viewer: TestApiKey;
  const dir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
    viewer = await createApiKey({ DATABASE_URL: db.url }, 'auditor', 'viewer');
    service = await startService({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function download(file: string): Promise<{ status: number; body: Buffer; type: string }> {
    const response = await fetch(`${service.baseUrl}/templates/${file}`, {
      headers: bearer(viewer),
    });
    return {
      status: response.status,
      body: Buffer.from(await response.arrayBuffer()),
      type: response.headers.get('content-type') ?? '',
    };
  }

  it.each(
    (['payroll', 'suppliers', 'invoices'] as const).flatMap((name) =>
      (['xlsx', 'csv'] as const).map((format) => [name, format] as const),
    ),
  )('%s.%s imports with the built-in profile: its example row is valid', async (name, format) => {
    const file = await download(`${name}.${format}`);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(format === 'csv' ? /^text\/csv/ : /spreadsheetml/);
    const path = join(dir, `${name}-template.${format}`);
    writeFileSync(path, file.body);
    const dryRun = await runCli(
      ['import', path, '--type', KIND[name], '--profile', name, '--dry-run', '--json'],
      { DATABASE_URL: db.url },
      dir,
    );
    expect(dryRun.code).toBe(0);
    expect(lastJsonLine(dryRun.stdout)).toMatchObject({ rows: 1, valid: 1, invalid: 0 });
  });

  it('gives the Excel template a Notes sheet that says what each column holds', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download('payroll.xlsx')).body as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Payroll', 'Notes']);
    const notes = workbook.getWorksheet('Notes');
    const phone = notes?.getRows(2, 10)?.find((row) => row.getCell(1).text === 'Mobile Number');
    expect(phone?.getCell(2).text).toBe('required');
    expect(phone?.getCell(3).text).toMatch(/Mobile money number/);
  });

  it('answers 404 naming the templates for another name', async () => {
    const answer = await fetch(`${service.baseUrl}/templates/payroll.xls`, {
      headers: bearer(viewer),
    });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({
      error: {
        code: 'TEMPLATE_NOT_FOUND',
        message: expect.stringContaining('payroll.xlsx') as unknown,
      },
    });
  });
});
