import fc from 'fast-check';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { ROUTES } from '../auth/routes';

function isErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    return typeof body.error?.code === 'string';
  } catch {
    return false;
  }
}

const STACK_TRACE = /\n\s+at [^\n]+\(|node_modules|\/src\/|\.ts:\d+/;

/**
 * Random uploads and random paths and queries: the service answers every one of them with a
 * client error or a success, never a 5xx or a stack trace, and stores no import it refused.
 */
describe('fuzzing the HTTP API', () => {
  let db: TestDatabase;
  let service: RunningService;
  let maker: TestApiKey;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url, HTTP_RATE_LIMIT_PER_MINUTE: '100000' });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'fuzzer', 'maker');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function importCount(): Promise<number> {
    const response = await fetch(`${service.baseUrl}/imports?limit=1000`, {
      headers: bearer(maker),
    });
    return ((await response.json()) as unknown[]).length;
  }

  const anyText = fc.string({ unit: 'binary', maxLength: 40 });
  const header = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\n';
  const content = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((bytes) => Buffer.from(bytes)),
    fc
      .array(fc.array(anyText, { maxLength: 8 }), { maxLength: 6 })
      .map((rows) => Buffer.from(header + rows.map((r) => r.join(',')).join('\n'))),
  );
  const field = (known: string[]) => fc.option(fc.oneof(fc.constantFrom(...known), anyText));

  it('POST /imports: random bytes, file names and form fields', async () => {
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.oneof(fc.constantFrom('payroll.csv', 'book.xlsx', 'x.pdf'), anyText),
        field(['payables', 'receivables']),
        field(['payroll', 'suppliers', 'invoices', '/etc/passwd']),
        field(['LR', 'RW']),
        field(['USD', 'LRD', 'RWF']),
        field(['true', 'false']),
        fc.option(fc.tuple(anyText, anyText)),
        async (bytes, name, type, profile, country, currency, dryRun, extra) => {
          const before = await importCount();
          const form = new FormData();
          form.append('file', new Blob([bytes]), name);
          const fields = { type, profile, country, currency, dryRun };
          for (const [key, value] of Object.entries(fields)) {
            if (value !== null) form.append(key, value);
          }
          if (extra !== null) form.append(extra[0], extra[1]);
          const response = await fetch(`${service.baseUrl}/imports`, {
            method: 'POST',
            body: form,
            headers: bearer(maker),
          });
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          expect(text).not.toMatch(STACK_TRACE);
          // A refusal has the error shape and stored nothing.
          const refused = response.status >= 400;
          const stored = (await importCount()) - before;
          expect({
            errorShape: !refused || isErrorBody(text),
            stored: refused ? stored : 0,
          }).toEqual({
            errorShape: true,
            stored: 0,
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('every GET route: random path parameters and query strings', async () => {
    const gets = ROUTES.filter((route) => route.method === 'GET').map((route) => route.path);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...gets),
        fc.array(anyText, { minLength: 2, maxLength: 2 }),
        fc.array(fc.tuple(anyText, anyText), { maxLength: 3 }),
        async (path, [first, second], query) => {
          const params = [first, second];
          const concrete = path.replace(/\{[^}]+\}/g, () =>
            encodeURIComponent(params.shift() ?? ''),
          );
          const search = new URLSearchParams(query).toString();
          const response = await fetch(
            `${service.baseUrl}${concrete}${search === '' ? '' : `?${search}`}`,
            { headers: bearer(maker) },
          );
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          expect(text).not.toMatch(STACK_TRACE);
        },
      ),
      { numRuns: 150 },
    );
  });
});
