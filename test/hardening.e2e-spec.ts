import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bearer, createApiKey, type TestApiKey } from './support/api-keys';
import {
  lastJsonLine,
  runCli,
  scratchDir,
  startService,
  type RunningService,
} from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { buildZip, WORKBOOK_PARTS, zipBomb } from './support/zip-builder';

const ROOT = resolve(__dirname, '..');
const MAX_BYTES = 1024 * 1024;
const HEADER = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

function payroll(count: number, prefix: string): string {
  const rows = Array.from(
    { length: count },
    (_, i) =>
      `${prefix}${i},Payee ${i},0886 5${String(i).padStart(2, '0')} ${prefix.length}34,10.00,USD,2026-03`,
  );
  return [HEADER, ...rows].join('\n');
}

describe('hardening of the HTTP service and of uploads', () => {
  let db: TestDatabase;
  let service: RunningService;
  let maker: TestApiKey;
  const dataDir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
      IMPORT_MAX_ROWS: '3',
    });
    maker = await createApiKey({ DATABASE_URL: db.url, DATA_DIR: dataDir }, 'uploader', 'maker');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function upload(
    content: Buffer | string,
    name: string,
  ): Promise<{ status: number; body: unknown }> {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    form.append('type', 'payables');
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(maker),
    });
    return { status: response.status, body: await response.json() };
  }

  /** Imports, their audit entries and kept original files: what an upload may leave behind. */
  async function leftBehind(): Promise<{ imports: number; audited: number; files: number }> {
    const imports = await fetch(`${service.baseUrl}/imports`, { headers: bearer(maker) });
    const audit = await fetch(`${service.baseUrl}/audit?action=import.created`, {
      headers: bearer(maker),
    });
    expect(audit.status).toBe(200);
    const uploads = join(dataDir, 'uploads');
    return {
      imports: ((await imports.json()) as unknown[]).length,
      audited: ((await audit.json()) as { items: unknown[] }).items.length,
      files: existsSync(uploads) ? readdirSync(uploads).length : 0,
    };
  }

  const bomb = zipBomb(64 * 1024 * 1024);
  const randomXlsx = randomBytes(4096);

  it.each<[string, () => Buffer | string, string, number, string, RegExp]>([
    [
      'an upload over UPLOAD_MAX_BYTES',
      () => `${HEADER}\n${'x'.repeat(MAX_BYTES)}`,
      'big.csv',
      413,
      'FILE_TOO_LARGE',
      /larger than 1 MiB, the largest upload accepted \(UPLOAD_MAX_BYTES\); nothing was stored/,
    ],
    [
      'a file over IMPORT_MAX_ROWS',
      () => payroll(4, 'R'),
      'long.csv',
      413,
      'TOO_MANY_ROWS',
      /more than 3 rows, the most one import accepts \(IMPORT_MAX_ROWS\); nothing was stored/,
    ],
    [
      'a CSV renamed .xlsx',
      () => payroll(1, 'C'),
      'payroll.xlsx',
      422,
      'FILE_UNREADABLE',
      /payroll.xlsx is named .xlsx but is not an Excel workbook/,
    ],
    [
      'random bytes named .xlsx',
      () => randomXlsx,
      'random.xlsx',
      422,
      'FILE_UNREADABLE',
      /random.xlsx is named .xlsx but is not an Excel workbook/,
    ],
    [
      'random bytes named .csv',
      () => randomBytes(4096),
      'random.csv',
      415,
      'FILE_UNSUPPORTED',
      /random.csv is not a text \(CSV\) file/,
    ],
    [
      'a zip that is not a workbook',
      () => buildZip([{ name: 'notes.txt', data: Buffer.from('hello') }]),
      'archive.xlsx',
      422,
      'FILE_UNREADABLE',
      /archive.xlsx could not be read as an Excel workbook \(.xlsx\): it is a zip archive without \[Content_Types\].xml and xl\/workbook.xml/,
    ],
    [
      'a zip bomb (a part expanding ~1,000 times)',
      () => bomb,
      'bomb.xlsx',
      422,
      'FILE_UNSAFE',
      /bomb.xlsx was refused without being read: its part xl\/worksheets\/sheet1.xml expands \d+ times \(64 MiB\)/,
    ],
    [
      'a zip that declares less than it expands to',
      () =>
        buildZip([
          ...WORKBOOK_PARTS,
          {
            name: 'xl/worksheets/sheet1.xml',
            data: Buffer.alloc(8 * 1024 * 1024),
            declaredSize: 1000,
          },
        ]),
      'liar.xlsx',
      422,
      'FILE_UNSAFE',
      /its part xl\/worksheets\/sheet1.xml expands to more than the archive declares/,
    ],
    [
      'a path traversal file name',
      () => payroll(1, 'P'),
      '../../etc/passwd.csv',
      400,
      'FILE_NAME_INVALID',
      /The file name "..\/..\/etc\/passwd.csv" is not accepted: it contains a folder/,
    ],
    [
      'a Windows path file name',
      () => payroll(1, 'W'),
      '..\\..\\Windows\\payroll.csv',
      400,
      'FILE_NAME_INVALID',
      /is not accepted: it contains a folder/,
    ],
  ])(
    '%s is refused with a clear error and nothing is stored',
    async (_name, content, name, status, code, message) => {
      const before = await leftBehind();
      const refused = await upload(content(), name);
      expect(refused.status).toBe(status);
      const error = (refused.body as ErrorBody).error;
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(JSON.stringify(refused.body)).not.toMatch(/\n\s+at |node_modules|\/src\//);
      expect(await leftBehind()).toEqual(before);
    },
  );

  it('accepts a file at the row limit, and a real workbook whatever its extension', async () => {
    expect((await upload(payroll(3, 'OK'), 'three.csv')).status).toBe(201);
    const workbook = readFileSync(join(ROOT, 'test', 'fixtures', 'ok', 'xlsx-basic.xlsx'));
    const renamed = await upload(workbook, 'export.csv');
    expect(renamed.status).toBe(201);
    const id = (renamed.body as { importId: number }).importId;
    const stored = await fetch(`${service.baseUrl}/imports/${id}`, { headers: bearer(maker) });
    expect(await stored.json()).toMatchObject({ fileName: 'export.csv', fileFormat: 'xlsx' });
    // What the refusals above are checked against: an accepted upload leaves all three behind.
    expect(await leftBehind()).toMatchObject({ imports: 2, audited: 2, files: 2 });
  });

  it('the CLI refuses a zip bomb too, without reading it', async () => {
    const path = join(scratchDir(), 'bomb.xlsx');
    writeFileSync(path, bomb);
    const result = await runCli(['import', path, '--type', 'payables', '--json'], {
      DATABASE_URL: db.url,
    });
    expect(result.code).toBe(1);
    expect(lastJsonLine(result.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'FILE_UNSAFE',
        message: expect.stringContaining('refused without being read') as unknown,
      },
    });
  });

  it('sends security headers: a CSP allowing only its own scripts and styles, nosniff, no framing', async () => {
    const response = await fetch(`${service.baseUrl}/health`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('has CORS off by default: no Access-Control-Allow-Origin for any origin', async () => {
    const preflight = await fetch(`${service.baseUrl}/imports`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://erp.example.com',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${service.baseUrl}/imports`, {
      headers: { Origin: 'https://erp.example.com', ...bearer(maker) },
    });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers malformed JSON without a stack trace', async () => {
    const response = await fetch(`${service.baseUrl}/batches/1/pause`, {
      method: 'POST',
      headers: { ...bearer(maker), 'Content-Type': 'application/json' },
      body: '{"reason": ',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: 'BAD_REQUEST', message: expect.any(String) as unknown, details: null },
    });
    expect(text).not.toMatch(/\n\s+at |node_modules|SyntaxError/);
  });
});

describe('rate limiting and CORS when configured', () => {
  let db: TestDatabase;
  let service: RunningService;
  let first: TestApiKey;
  let second: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({
      DATABASE_URL: db.url,
      HTTP_RATE_LIMIT_PER_MINUTE: '5',
      CORS_ORIGINS: 'https://erp.example.com',
    });
    first = await createApiKey({ DATABASE_URL: db.url }, 'first', 'viewer');
    second = await createApiKey({ DATABASE_URL: db.url }, 'second', 'viewer');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('answers 429 in the error shape after HTTP_RATE_LIMIT_PER_MINUTE requests of one key', async () => {
    for (let i = 0; i < 5; i += 1) {
      const ok = await fetch(`${service.baseUrl}/auth/me`, { headers: bearer(first) });
      expect(ok.status).toBe(200);
    }
    const limited = await fetch(`${service.baseUrl}/auth/me`, { headers: bearer(first) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toEqual({
      error: {
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/^Too many requests: at most 5 per minute/) as unknown,
        details: { limit: 5, retryAfterSeconds: expect.any(Number) as unknown },
      },
    });
    // Another key has its own allowance.
    expect((await fetch(`${service.baseUrl}/auth/me`, { headers: bearer(second) })).status).toBe(
      200,
    );
  });

  it('allows only the origins in CORS_ORIGINS', async () => {
    const allowed = await fetch(`${service.baseUrl}/auth/me`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://erp.example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization',
      },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://erp.example.com');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    const other = await fetch(`${service.baseUrl}/auth/me`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'GET' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
