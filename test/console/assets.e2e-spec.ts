import { type RunningService, startService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** The console's files: public, served with their types, nothing else reachable through them. */
describe('the console files over HTTP', () => {
  let db: TestDatabase;
  let service: RunningService;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  it('serves the page at / and /console/ without a key, loading only its own module', async () => {
    for (const path of ['/', '/console', '/console/']) {
      const response = await fetch(`${service.baseUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await response.text();
      expect(html).toContain('<script type="module" src="/console/main.js"></script>');
      // CSP-friendly: no inline script or handler.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\son[a-z]+=/);
    }
  });

  it.each([
    ['/console/main.js', 'text/javascript; charset=utf-8'],
    ['/console/pages/batch.js', 'text/javascript; charset=utf-8'],
    ['/console/styles.css', 'text/css; charset=utf-8'],
  ])('serves %s as %s', async (path, type) => {
    const response = await fetch(`${service.baseUrl}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it.each([
    '/console/..%2f..%2fpackage.json',
    '/console/%2e%2e/%2e%2e/package.json',
    '/console/main.ts',
    '/console/missing.js',
    '/console/.env',
  ])('refuses %s with 404 in the error shape', async (path) => {
    const response = await fetch(`${service.baseUrl}${path}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('keeps the console out of the API documentation', async () => {
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths).filter((p) => p === '/' || p.startsWith('/console'))).toEqual(
      [],
    );
  });
});
