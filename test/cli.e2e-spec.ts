import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../migrations';
import { type RunningSandbox, startSandbox } from '../src/sandbox';
import { lastJsonLine, runCli, scratchDir } from './support/processes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

describe('the CLI (npm run cli)', () => {
  let db: TestDatabase;
  // Stands in for the real Dollr API in live mode.
  let dollr: RunningSandbox;

  beforeAll(async () => {
    db = await createTestDatabase();
    dollr = await startSandbox({
      credentials: [{ clientId: 'merchant-7', clientSecret: 'doctor-secret-81f2' }],
    });
  });

  afterAll(async () => {
    await dollr?.close();
    await db?.drop();
  });

  it('--help lists every command with one line each', async () => {
    const result = await runCli(['--help'], {});
    expect(result.code).toBe(0);
    for (const command of ['db:migrate', 'db:revert', 'doctor']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b.*\\S`, 'm'));
    }
  });

  it('starts the embedded sandbox, and says SANDBOX MODE, only for commands that talk to Dollr', async () => {
    // The embedded default: database and sandbox state in ./data of the working folder.
    const dir = scratchDir();
    const env = {};
    for (const args of [['--help'], ['batch', 'list'], ['keys', 'list']]) {
      const result = await runCli(args, env, dir);
      expect(result.code).toBe(0);
      expect(result.stderr).not.toContain('SANDBOX MODE');
    }
    expect(existsSync(join(dir, 'data', 'dollr-sandbox.sqlite'))).toBe(false);

    const doctor = await runCli(['doctor'], env, dir);
    expect(doctor.code).toBe(0);
    expect(doctor.stderr).toContain('SANDBOX MODE');
    expect(existsSync(join(dir, 'data', 'dollr-sandbox.sqlite'))).toBe(true);
  });

  it('db:migrate applies every migration and db:revert undoes the last one (--json)', async () => {
    const env = { DATABASE_URL: db.url };
    const names = MIGRATIONS.map((m) => m.name);

    const migrated = await runCli(['db:migrate', '--json'], env);
    expect(migrated.code).toBe(0);
    expect(lastJsonLine(migrated.stdout)).toEqual({ ok: true, applied: names });

    const again = await runCli(['db:migrate', '--json'], env);
    expect(lastJsonLine(again.stdout)).toEqual({ ok: true, applied: [] });

    const reverted = await runCli(['db:revert', '--json'], env);
    expect(reverted.code).toBe(0);
    expect(lastJsonLine(reverted.stdout)).toEqual({ ok: true, reverted: names[names.length - 1] });

    const human = await runCli(['db:migrate'], env);
    expect(human.stdout).toContain(`Applied ${names[names.length - 1]}`);
  });

  it('doctor prints the effective configuration with secrets as *** and exits 0', async () => {
    const env = {
      DATABASE_URL: db.url,
      DOLLR_BASE_URL: dollr.url,
      DOLLR_CLIENT_ID: 'merchant-7',
      DOLLR_CLIENT_SECRET: 'doctor-secret-81f2',
      DOLLR_PAYOUT_PASSCODE: '918273',
    };
    const text = await runCli(['doctor'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/DOLLR_CLIENT_SECRET\s+\*\*\*/);
    expect(text.stdout).toContain('LIVE mode');
    expect(text.stdout).toContain(
      "Dollr rate limit: 20 requests/s for the merchant (19 spent), shared through the database: 1 process(es) sending now, this one's share 19/s.",
    );

    const json = await runCli(['doctor', '--json'], env);
    expect(json.code).toBe(0);
    const report = lastJsonLine(json.stdout) as {
      ok: boolean;
      config: Record<string, { value: string; source: string }>;
      database: { reachable: boolean; pendingMigrations: string[] };
      dollr: Record<string, unknown>;
    };
    expect(report.ok).toBe(true);
    expect(report.config.DOLLR_CLIENT_SECRET).toEqual({ value: '***', source: 'env' });
    expect(report.config.DOLLR_PAYOUT_PASSCODE).toEqual({ value: '***', source: 'env' });
    expect(report.config.PORT).toEqual({ value: '3000', source: 'default' });
    expect(report.database.reachable).toBe(true);
    expect(report.dollr).toEqual({
      mode: 'live',
      baseUrl: dollr.url,
      authenticated: true,
      rateLimit: { limitRps: 20, spendableRps: 19, shareRps: 19, senders: 1, storeReachable: true },
    });
    for (const output of [text, json]) {
      expect(output.stdout + output.stderr).not.toContain('doctor-secret-81f2');
      expect(output.stdout + output.stderr).not.toContain('918273');
    }
  });

  it('doctor exits non-zero when Dollr refuses the credentials, without printing the secret', async () => {
    const result = await runCli(['doctor', '--json'], {
      DATABASE_URL: db.url,
      DOLLR_BASE_URL: dollr.url,
      DOLLR_CLIENT_ID: 'merchant-7',
      DOLLR_CLIENT_SECRET: 'a-wrong-secret-5521',
    });
    expect(result.code).toBe(1);
    const report = lastJsonLine(result.stdout) as {
      ok: boolean;
      problems: string[];
      dollr: { authenticated: boolean };
    };
    expect(report.ok).toBe(false);
    expect(report.dollr.authenticated).toBe(false);
    expect(report.problems.join(' ')).toContain('Dollr did not accept the credentials');
    expect(result.stdout + result.stderr).not.toContain('a-wrong-secret-5521');
  });

  it('doctor runs the embedded sandbox when no Dollr credentials are set, and says so', async () => {
    const result = await runCli(['doctor', '--json'], { DATABASE_URL: db.url });
    expect(result.code).toBe(0);
    const report = lastJsonLine(result.stdout) as {
      dollr: { mode: string; sandboxUrl: string; authenticated: boolean };
    };
    expect(report.dollr).toMatchObject({ mode: 'sandbox', authenticated: true });
    expect(report.dollr.sandboxUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.stderr).toContain('SANDBOX MODE');
  });

  it('doctor exits non-zero when the database cannot be reached, without printing its password', async () => {
    const result = await runCli(['doctor', '--json'], {
      DATABASE_URL: 'mysql://app:hunter2-db-pw@127.0.0.1:1/connector',
    });
    expect(result.code).toBe(1);
    const report = lastJsonLine(result.stdout) as {
      ok: boolean;
      problems: string[];
      config: Record<string, { value: string }>;
    };
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toContain('cannot be reached');
    expect(report.config.DATABASE_URL?.value).toBe('mysql://app:***@127.0.0.1:1/connector');
    expect(result.stdout + result.stderr).not.toContain('hunter2-db-pw');
  });

  it('a bad configuration ends --json output with an error object', async () => {
    const result = await runCli(['doctor', '--json'], { PORT: '-1' });
    expect(result.code).toBe(78);
    expect(lastJsonLine(result.stdout)).toMatchObject({
      ok: false,
      error: { code: 'CONFIG_INVALID', details: [{ variable: 'PORT' }] },
    });
  });
});
