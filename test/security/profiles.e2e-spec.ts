import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bearer, createApiKey, type TestApiKey } from '../support/api-keys';
import {
  lastJsonLine,
  runCli,
  scratchDir,
  startService,
  type RunningService,
} from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const PAYROLL_PROFILE = resolve(__dirname, '..', '..', 'samples', 'profiles', 'payroll.json');

interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Over HTTP a profile is a built-in or saved profile's name, or an uploaded JSON document: never
 * a path on the server. The CLI may read a profile file of its user's, a regular file only.
 */
describe('import profiles never read server files', () => {
  let db: TestDatabase;
  let service: RunningService;
  let maker: TestApiKey;
  let viewer: TestApiKey;
  const dir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ DATABASE_URL: db.url });
    maker = await createApiKey({ DATABASE_URL: db.url }, 'payroll.officer', 'maker');
    viewer = await createApiKey({ DATABASE_URL: db.url }, 'auditor', 'viewer');
  });

  afterAll(async () => {
    await service?.stop();
    await db?.drop();
  });

  const csv = (period: string): string =>
    `Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period\r\nE1,Musu Doe,0886 123 456,10.00,USD,${period}\r\n`;

  async function upload(
    fields: Record<string, string>,
    period: string,
    profileFile?: string,
  ): Promise<{ status: number; body: Record<string, unknown> & ErrorBody }> {
    const form = new FormData();
    form.append('file', new Blob([csv(period)]), `payroll-${period}.csv`);
    if (profileFile !== undefined) {
      form.append('profileFile', new Blob([profileFile]), 'profile.json');
    }
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await fetch(`${service.baseUrl}/imports`, {
      method: 'POST',
      body: form,
      headers: bearer(maker),
    });
    const body = (await response.json()) as Record<string, unknown> & ErrorBody;
    return { status: response.status, body };
  }

  it.each(['/etc/passwd', '/proc/self/environ', '/dev/zero', '../../etc/hosts', 'no-such.json'])(
    'refuses profile=%s as not a profile name, reading nothing',
    async (reference) => {
      const answer = await upload(
        { type: 'payables', profile: reference, dryRun: 'true' },
        '2026-01',
      );
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('PROFILE_NOT_FOUND');
      expect(answer.body.error.message).not.toContain(reference);
      expect(answer.body.error.message).not.toMatch(/root:|PATH=|localhost/);
    },
  );

  it('answers the same for a path that exists and one that does not (no existence oracle)', async () => {
    const exists = await upload({ type: 'payables', profile: '/etc/hostname' }, '2026-01');
    const missing = await upload({ type: 'payables', profile: '/etc/no-such-file' }, '2026-01');
    expect(exists.status).toBe(missing.status);
    expect(exists.body.error.message.replace('hostname', '')).toBe(
      missing.body.error.message.replace('no-such-file', ''),
    );
  });

  it('takes a profile uploaded as the profileFile part', async () => {
    const document = JSON.parse(readFileSync(PAYROLL_PROFILE, 'utf8')) as Record<string, unknown>;
    const mine = JSON.stringify({ ...document, name: 'my-erp' });
    const answer = await upload({ type: 'payables', dryRun: 'true' }, '2026-02', mine);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ valid: 1 });
  });

  it('refuses an uploaded profile that is not JSON without quoting it, and one over 64 KiB', async () => {
    const secretish = 'root:x:0:0:root:/root:/bin/bash';
    const notJson = await upload({ type: 'payables' }, '2026-03', secretish);
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toMatchObject({ code: 'PROFILE_INVALID' });
    expect(notJson.body.error.message).not.toContain('root');

    const huge = await upload({ type: 'payables' }, '2026-03', ' '.repeat(70 * 1024) + '{}');
    expect(huge.status).toBe(400);
    expect(huge.body.error.message).toContain('64 KiB');
  });

  it('saves a profile (maker), lists and shows it to anyone, and imports with it by name', async () => {
    const document = JSON.parse(readFileSync(PAYROLL_PROFILE, 'utf8')) as Record<string, unknown>;
    const post = (key: TestApiKey, body: unknown) =>
      fetch(`${service.baseUrl}/profiles`, {
        method: 'POST',
        headers: { ...bearer(key), 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });

    expect((await post(viewer, { ...document, name: 'erp-payroll' })).status).toBe(403);
    const saved = await post(maker, { ...document, name: 'erp-payroll' });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({
      name: 'erp-payroll',
      type: 'payables',
      source: 'saved',
      createdBy: 'payroll.officer',
    });
    const again = await post(maker, { ...document, name: 'erp-payroll' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.code).toBe('PROFILE_EXISTS');
    expect((await post(maker, { ...document, name: 'payroll' })).status).toBe(409);
    expect((await post(maker, { ...document, name: '../evil' })).status).toBe(400);

    const listed = await fetch(`${service.baseUrl}/profiles`, { headers: bearer(viewer) });
    const names = ((await listed.json()) as { name: string; source: string }[]).map(
      (p) => `${p.name}:${p.source}`,
    );
    expect(names).toEqual(
      expect.arrayContaining(['payroll:built-in', 'invoices:built-in', 'erp-payroll:saved']),
    );
    const shown = await fetch(`${service.baseUrl}/profiles/erp-payroll`, {
      headers: bearer(viewer),
    });
    expect(await shown.json()).toMatchObject({
      name: 'erp-payroll',
      profile: { name: 'erp-payroll', type: 'payables' },
    });
    const unknown = await fetch(`${service.baseUrl}/profiles/nope`, { headers: bearer(viewer) });
    expect(unknown.status).toBe(404);

    const imported = await upload({ type: 'payables', profile: 'erp-payroll' }, '2026-04');
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ valid: 1 });
  });

  describe('the CLI reads its own profile files, regular files only', () => {
    const file = join(dir, 'payroll.csv');
    beforeAll(() => writeFileSync(file, csv('2026-05')));

    const importWith = (profile: string) =>
      runCli(
        ['import', file, '--type', 'payables', '--profile', profile, '--dry-run', '--json'],
        { DATABASE_URL: db.url },
        dir,
      );

    it('takes a local profile file and a saved profile by name', async () => {
      const local = join(dir, 'mine.json');
      writeFileSync(local, readFileSync(PAYROLL_PROFILE));
      expect(lastJsonLine((await importWith(local)).stdout)).toMatchObject({ valid: 1 });
      expect(lastJsonLine((await importWith('erp-payroll')).stdout)).toMatchObject({ valid: 1 });
    });

    it.each([
      ['/dev/zero', 'not a regular file'],
      ['/proc', 'not a regular file'],
    ])('refuses %s at once: %s', async (path, reason) => {
      const result = await importWith(path);
      expect(result.code).toBe(1);
      expect(lastJsonLine(result.stdout)).toMatchObject({ error: { code: 'PROFILE_INVALID' } });
      expect(result.stderr).toContain(reason);
    });

    it('refuses a FIFO without waiting for a writer, and a file over 64 KiB', async () => {
      const fifo = join(dir, 'profile.fifo.json');
      execFileSync('mkfifo', [fifo]);
      const fromFifo = await importWith(fifo);
      expect(fromFifo.code).toBe(1);
      expect(fromFifo.stderr).toContain('not a regular file');

      const big = join(dir, 'big.json');
      writeFileSync(big, ' '.repeat(65 * 1024) + '{}');
      const fromBig = await importWith(big);
      expect(fromBig.code).toBe(1);
      expect(fromBig.stderr).toContain('64 KiB');
    });

    it('refuses a local file that is not JSON without quoting it', async () => {
      const passwd = join(dir, 'passwd.json');
      writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/bash\n');
      const result = await importWith(passwd);
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).not.toContain('root:x');
      expect(result.stderr).toContain('not valid JSON');
    });
  });
});
