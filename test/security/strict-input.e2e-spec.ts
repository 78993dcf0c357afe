import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UPLOADS_ROOT } from '../../src/imports/upload-folder';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** What the HTTP API takes at its edges: ids, query parameters, file names and files. */
describe('strict input at the edges', () => {
  let db: TestDatabase;
  let service: RunningService;
  let maker: TestApiKey;
  /** The upload folder of a process that died mid-upload, made before the service starts. */
  let abandoned: string;

  beforeAll(async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    }).stdout;
    abandoned = join(UPLOADS_ROOT, dead);
    mkdirSync(abandoned, { recursive: true });
    writeFileSync(join(abandoned, 'half-uploaded'), 'E001,Musu Doe,0886123456,10.00');

    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'payroll.officer', 'maker');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function call(method: string, path: string): Promise<{ status: number; body: ErrorBody }> {
    const response = await fetch(`${service.baseUrl}${path}`, { method, headers: bearer(maker) });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  }

  it.each([
    ['GET', '/imports/0x10'],
    ['GET', '/imports/1e1'],
    ['GET', '/imports/%20%31'],
    ['GET', '/imports/+1'],
    ['GET', '/imports/1.0'],
    ['GET', '/batches/0x4'],
    ['POST', '/batches/0x4/pause'],
    ['GET', '/imports/99999999999999999999'],
  ])('%s %s: an id is decimal digits only (400 INVALID_ID)', async (method, path) => {
    const answer = await call(method, path);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_ID' });
    expect(answer.status).toBe(400);
  });

  it('takes a decimal id', async () => {
    expect((await call('GET', '/imports/16')).body.error.code).toBe('IMPORT_NOT_FOUND');
  });

  it.each([
    '/imports/16?verbose=1',
    '/batches?status=RUNNING&x=1',
    '/imports?limit=5&sort=desc',
    '/profiles?debug=true',
  ])('refuses an unknown query parameter: %s', async (path) => {
    const answer = await call('GET', path);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body.error.details)).toMatch(/should not exist/);
  });

  it('still takes the query parameters a route knows', async () => {
    expect((await call('GET', '/imports?limit=5&offset=0')).status).toBe(200);
  });

  async function upload(name: string, content: string) {
    const form = new FormData();
    form.append('file', new Blob([content]), name);
    form.append('type', 'payables');
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(maker),
    });
    return { status: response.status, body: (await response.json()) as ErrorBody };
  }

  const HEADER = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';

  it.each(['payroll\u202Evsc.csv', 'pay\u0085roll.csv', 'pay\u2028roll.csv', 'pay\u200Broll.csv'])(
    'refuses the file name %j like a control character',
    async (name) => {
      const answer = await upload(name, `${HEADER}\nE1,Musu Doe,0886123456,10.00,USD,2026-01\n`);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('FILE_NAME_INVALID');
      expect(answer.body.error.message).toMatch(/<U\+[0-9A-F]{4}>/);
    },
  );

  it('refuses a file with a header and nothing under it as empty, storing nothing', async () => {
    const answer = await upload('header-only.csv', `${HEADER}\r\n`);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('FILE_EMPTY');
    const imports = await call('GET', '/imports');
    expect(imports.body).toEqual([]);
  });

  it('quotes at most 200 characters of an invalid cell in its error', async () => {
    const long = '9'.repeat(5_000);
    const answer = await upload('long.csv', `${HEADER}\nE1,Musu Doe,${long},10.00,USD,2026-01\n`);
    expect(answer.status).toBe(201);
    const id = (answer.body as unknown as { importId: number }).importId;
    const report = await fetch(`${service.baseUrl}/imports/${id}/errors?format=csv`, {
      headers: bearer(maker),
    });
    const errors = (await report.text()).split('\n')[1]?.split(',').pop() ?? '';
    // CSV doubles the quotes around the value.
    expect(errors).toContain(`""${'9'.repeat(200)}…"" (5000 characters)`);
    expect(errors).not.toContain('9'.repeat(201));
  });

  it('serves /docs and /docs-json without a key, revealing the API shape and nothing of this server', async () => {
    const document = await (await fetch(`${service.baseUrl}/docs-json`)).text();
    const ui = await (await fetch(`${service.baseUrl}/docs`)).text();
    const parsed = JSON.parse(document) as { servers?: unknown[]; paths: Record<string, unknown> };
    expect(parsed.servers ?? []).toEqual([]);
    expect(Object.keys(parsed.paths)).toContain('/imports');
    for (const text of [document, ui]) {
      for (const local of [db.url, process.cwd(), hostname(), tmpdir(), 'dck_', 'SANDBOX']) {
        expect(text).not.toContain(local);
      }
      expect(text).not.toMatch(/127\.0\.0\.1|localhost|sqlite:|mysql:\/\//);
    }
  });

  it('removed at start-up the upload a dead process left behind', () => {
    expect(existsSync(abandoned)).toBe(false);
  });
});
