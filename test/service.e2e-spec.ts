import { MAIN, runNode, startService, type RunningService } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { until } from './support/until';

describe('the service process (npm start)', () => {
  describe('refuses a bad configuration, naming the variable', () => {
    it.each([
      [{ DATABASE_URL: 'postgres://db/connector' }, 'DATABASE_URL'],
      [{ DATABASE_URL: 'mysql://user:pw@host' }, 'DATABASE_URL'],
      [{ PORT: '70000' }, 'PORT'],
      [{ PORT: 'http' }, 'PORT'],
      [{ DOLLR_CLIENT_ID: 'merchant-42' }, 'DOLLR_CLIENT_SECRET'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    ])('%j stops with a message naming %s', async (env, variable) => {
      const result = await runNode(MAIN, [], env);
      expect(result.code).toBe(78);
      expect(result.stderr).toContain('The configuration is not valid');
      expect(result.stderr).toContain(`- ${variable} `);
    });

    it('lists every bad variable at once and never prints a secret', async () => {
      const result = await runNode(MAIN, [], {
        PORT: '0x50',
        DATABASE_URL: 'oracle://x',
        DOLLR_CLIENT_SECRET: 'the-secret-value-9f8e',
        DOLLR_PAYOUT_PHONE: '+231 77 012 3456',
      });
      expect(result.code).toBe(78);
      for (const variable of ['PORT', 'DATABASE_URL', 'DOLLR_CLIENT_ID', 'DOLLR_PAYOUT_PHONE']) {
        expect(result.stderr).toContain(`- ${variable} `);
      }
      expect(result.stderr + result.stdout).not.toContain('the-secret-value-9f8e');
    });
  });

  describe('with a valid configuration', () => {
    let db: TestDatabase;
    let service: RunningService;
    const secret = 'client-secret-4c1d7e';
    const bearer = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';

    beforeAll(async () => {
      db = await createTestDatabase();
      service = await startService({
        DATABASE_URL: db.url,
        DOLLR_CLIENT_ID: 'merchant-1',
        DOLLR_CLIENT_SECRET: secret,
        DOLLR_PAYOUT_PASSCODE: '654321',
        LOG_LEVEL: 'info',
      });
    });

    afterAll(async () => {
      await service?.stop();
      await db?.drop();
    });

    it('migrates the database at start-up and serves /health', async () => {
      const response = await fetch(`${service.baseUrl}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        status: string;
        details: Record<string, { status: string; mode?: string; type?: string }>;
      };
      expect(body.status).toBe('ok');
      expect(body.details.database).toMatchObject({ status: 'up', type: db.type });
      expect(body.details.migrations).toMatchObject({ status: 'up' });
      expect(body.details.dollr).toMatchObject({ status: 'up', mode: 'live' });
    });

    it('answers unknown routes with the JSON error shape', async () => {
      const response = await fetch(`${service.baseUrl}/no-such-page`, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        error: { code: 'NOT_FOUND', message: 'Cannot GET /no-such-page', details: null },
      });
    });

    it('writes structured JSON logs with secrets and bearer tokens redacted', async () => {
      await fetch(`${service.baseUrl}/no-such-page`, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      await until('the request to be logged', () =>
        Promise.resolve(service.output().includes('no-such-page') ? true : undefined),
      );
      const lines = service.output().trim().split('\n');
      expect(lines.length).toBeGreaterThan(3);
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
      const requestLog = lines.find((l) => l.includes('no-such-page'));
      expect(requestLog).toBeDefined();
      expect(requestLog).toContain('"authorization":"***"');
      expect(service.output()).not.toContain(bearer);
      expect(service.output()).not.toContain(secret);
      expect(service.output()).not.toContain('654321');
    });

    it('serves the OpenAPI document at /docs', async () => {
      const page = await fetch(`${service.baseUrl}/docs`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('swagger');
      const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
        paths: Record<string, unknown>;
      };
      expect(Object.keys(spec.paths)).toContain('/health');
    });
  });

  describe('with no configuration at all', () => {
    let service: RunningService;

    beforeAll(async () => {
      service = await startService({});
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('runs on embedded SQLite against the built-in Dollr sandbox, and says so loudly', async () => {
      const response = await fetch(`${service.baseUrl}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        status: string;
        details: { database: { type: string }; dollr: { mode: string; sandboxUrl: string } };
      };
      expect(body.status).toBe('ok');
      expect(body.details.database.type).toBe('sqlite');
      expect(body.details.dollr.mode).toBe('sandbox');
      const sandbox = await fetch(`${body.details.dollr.sandboxUrl}/__sandbox/health`);
      expect(sandbox.status).toBe(200);
      const warning = service
        .output()
        .split('\n')
        .find((line) => line.includes('SANDBOX MODE'));
      expect(warning).toContain('"level":40');
      expect(warning).toContain('No real money moves');
    });

    it('warns that no API key exists and how to create the first admin key', async () => {
      const warning = service
        .output()
        .split('\n')
        .find((line) => line.includes('NO API KEYS'));
      expect(warning).toContain('"level":40');
      expect(warning).toContain('npm run cli -- keys create --name admin --role admin');
      const refused = await fetch(`${service.baseUrl}/imports`);
      expect(refused.status).toBe(401);
    });
  });
});
