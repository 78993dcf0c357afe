import { ROLES, type Role } from '../../src/auth/roles';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import { lastJsonLine, runCli, startService, type RunningService } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { concretePath, PUBLIC_ROUTES, ROUTES } from './routes';

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

describe('API keys and the authorization of every route', () => {
  let db: TestDatabase;
  let service: RunningService;
  const keys = {} as Record<Role, TestApiKey>;

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url });
    for (const role of ROLES)
      keys[role] = await createApiKey({ DATABASE_URL: db.url }, `${role}-1`, role);
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  async function call(
    method: string,
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${service.baseUrl}${path}`, { method, headers });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON (the docs page)
    }
    return { status: response.status, body };
  }

  it('lists every route of the OpenAPI document in the access table', async () => {
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(spec.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const listed = [...ROUTES, ...PUBLIC_ROUTES].map((r) => `${r.method} ${r.path}`);
    // A failure here names a route missing from test/auth/routes.ts: say who may call it there.
    expect(documented.filter((route) => !listed.includes(route))).toEqual([]);
  });

  it('documents the API key as bearer authentication', async () => {
    const spec = (await (await fetch(`${service.baseUrl}/docs-json`)).json()) as {
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      security: Record<string, unknown>[];
    };
    expect(spec.components.securitySchemes['api-key']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(spec.security).toEqual([{ 'api-key': [] }]);
  });

  describe.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    (_name, route) => {
      it('is refused with 401 UNAUTHENTICATED without a key or with a wrong one', async () => {
        for (const headers of [
          {},
          bearer('dck_not-a-real-key'),
          { 'X-API-Key': `${keys.admin.key.slice(0, -1)}x` },
        ]) {
          const refused = await call(route.method, concretePath(route.path), headers);
          expect(refused.status).toBe(401);
          expect((refused.body as ErrorBody).error.code).toBe('UNAUTHENTICATED');
        }
      });

      const allowed = ROLES.filter((role) => route.roles.includes(role));
      const refused = ROLES.filter((role) => !route.roles.includes(role));

      it.each(allowed)('is allowed as %s', async (role) => {
        const answer = await call(route.method, concretePath(route.path), bearer(keys[role]));
        expect([401, 403]).not.toContain(answer.status);
      });

      if (refused.length > 0) {
        it.each(refused)(
          'is refused with 403 FORBIDDEN as %s, naming the roles needed',
          async (role) => {
            const answer = await call(route.method, concretePath(route.path), bearer(keys[role]));
            expect(answer.status).toBe(403);
            const error = (answer.body as ErrorBody).error;
            expect(error.code).toBe('FORBIDDEN');
            expect(error.message).toContain(`has the role ${role}`);
            const needs = error.message.slice(error.message.indexOf(' needs '));
            for (const allowedRole of route.roles) expect(needs).toContain(allowedRole);
          },
        );
      }
    },
  );

  it.each(PUBLIC_ROUTES.map((r) => [r.path]))('%s needs no key', async (path) => {
    expect((await call('GET', path)).status).toBe(200);
  });

  it('accepts the key as "X-API-Key" too, and GET /auth/me says whose it is', async () => {
    for (const role of ROLES) {
      const me = await call('GET', '/auth/me', { 'X-API-Key': keys[role].key });
      expect(me).toEqual({
        status: 200,
        body: { id: keys[role].id, name: `${role}-1`, role },
      });
    }
  });

  it('keys create --json ends with exactly {id, name, role, key}; keys list never shows keys', async () => {
    const env = { DATABASE_URL: db.url };
    const created = await runCli(
      ['keys', 'create', '--name', 'Robot', '--role', 'viewer', '--json'],
      env,
    );
    expect(created.code).toBe(0);
    const line = lastJsonLine(created.stdout);
    expect(Object.keys(line)).toEqual(['id', 'name', 'role', 'key']);
    expect(line).toEqual({
      id: expect.any(Number) as unknown,
      // A key's name is stored as its holder's identity: case folded (src/auth/identity.ts).
      name: 'robot',
      role: 'viewer',
      key: expect.stringMatching(/^dck_[A-Za-z0-9_-]{43}$/) as unknown,
    });
    const key = line.key as string;

    const human = await runCli(['keys', 'create', '--name', 'Human', '--role', 'checker'], env);
    expect(human.stdout).toMatch(/dck_[A-Za-z0-9_-]{43}/);
    expect(human.stdout).toContain('shown only this once');

    const list = await runCli(['keys', 'list', '--json'], env);
    const listed = lastJsonLine(list.stdout) as {
      keys: { name: string; role: string; hint: string }[];
    };
    expect(listed.keys.map((k) => k.name)).toEqual(expect.arrayContaining(['robot', 'human']));
    expect(listed.keys.find((k) => k.name === 'robot')?.hint).toBe(key.slice(0, 10));
    expect(list.stdout).not.toContain(key);
    expect((await runCli(['keys', 'list'], env)).stdout).not.toContain(key);

    const sameName = await runCli(
      ['keys', 'create', '--name', 'ROBOT', '--role', 'admin', '--json'],
      env,
    );
    expect(sameName.code).toBe(1);
    expect(lastJsonLine(sameName.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'KEY_NAME_TAKEN',
        message: expect.stringContaining('"robot" already exists') as unknown,
      },
    });
    const badRole = await runCli(
      ['keys', 'create', '--name', 'x', '--role', 'owner', '--json'],
      env,
    );
    expect(lastJsonLine(badRole.stdout)).toMatchObject({
      ok: false,
      error: {
        code: 'KEY_INVALID',
        message: expect.stringContaining('viewer, maker, checker, admin') as unknown,
      },
    });
  });

  it('doctor reports how many keys are active', async () => {
    const doctor = await runCli(['doctor', '--json'], { DATABASE_URL: db.url });
    const active = (await call('GET', '/keys', bearer(keys.admin))).body as { revokedAt: null }[];
    expect(lastJsonLine(doctor.stdout)).toMatchObject({
      apiKeys: { active: active.filter((k) => k.revokedAt === null).length },
    });
    expect(doctor.stdout).not.toContain(keys.admin.key);
  });

  it('a revoked key is refused with 401 from then on (CLI and HTTP revoke)', async () => {
    const env = { DATABASE_URL: db.url };
    const doomed = await createApiKey(env, 'temp-worker', 'maker');
    expect((await call('GET', '/auth/me', bearer(doomed))).status).toBe(200);
    const revoked = await runCli(['keys', 'revoke', String(doomed.id), '--json'], env);
    expect(revoked.code).toBe(0);
    expect(lastJsonLine(revoked.stdout)).toMatchObject({
      id: doomed.id,
      revokedAt: expect.any(String) as unknown,
    });
    const refused = await call('GET', '/auth/me', bearer(doomed));
    expect(refused.status).toBe(401);
    expect((refused.body as ErrorBody).error).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('revoked') as unknown,
    });

    const viaHttp = await fetch(`${service.baseUrl}/keys`, {
      method: 'POST',
      headers: { ...bearer(keys.admin), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'short-lived', role: 'viewer' }),
    });
    expect(viaHttp.status).toBe(201);
    const made = (await viaHttp.json()) as TestApiKey;
    expect(Object.keys(made)).toEqual(['id', 'name', 'role', 'key']);
    expect((await call('GET', '/audit', bearer(made.key))).status).toBe(200);
    const revoke = await call('POST', `/keys/${made.id}/revoke`, bearer(keys.admin));
    expect(revoke.status).toBe(200);
    expect((await call('GET', '/audit', bearer(made.key))).status).toBe(401);
    const again = await call('POST', `/keys/${made.id}/revoke`, bearer(keys.admin));
    expect(again.status).toBe(409);

    const listed = (await call('GET', '/keys', bearer(keys.admin))).body as {
      name: string;
      revokedAt: string | null;
      lastUsedAt: string | null;
    }[];
    expect(listed.find((k) => k.name === 'short-lived')).toMatchObject({
      revokedAt: expect.any(String) as unknown,
      lastUsedAt: expect.any(String) as unknown,
    });
    expect(JSON.stringify(listed)).not.toContain(made.key);
  });
});
