import { ConfigError, describeConfig, loadConfig } from './load-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs with no configuration at all: embedded SQLite, port 3000, Dollr sandbox', () => {
    const config = loadConfig({});
    expect(config.databaseUrl).toBe('sqlite:./data/connector.sqlite');
    expect(config.database).toEqual({ type: 'sqlite', path: './data/connector.sqlite' });
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.dollr.mode).toBe('sandbox');
    expect(config.dollr.clientSecret).toBeUndefined();
  });

  it('reads a MySQL URL and live Dollr credentials', () => {
    const config = loadConfig({
      DATABASE_URL: 'mysql://app:p%40ss@db.internal:3307/connector',
      DOLLR_CLIENT_ID: 'id',
      DOLLR_CLIENT_SECRET: 'secret',
      DOLLR_BASE_URL: 'https://api.heydollr.app/',
      PORT: '8080',
    });
    expect(config.database).toEqual({
      type: 'mysql',
      host: 'db.internal',
      port: 3307,
      username: 'app',
      password: 'p@ss',
      database: 'connector',
    });
    expect(config.dollr).toMatchObject({ mode: 'live', baseUrl: 'https://api.heydollr.app' });
    expect(config.port).toBe(8080);
  });

  it('reads the two-person approval thresholds per currency', () => {
    const config = loadConfig({ APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=5000.50, RWF=1000000' });
    expect([...config.batches.twoPersonThresholds]).toEqual([
      ['USD', '5000.50'],
      ['RWF', '1000000'],
    ]);
    expect(config.batches.approvalExpiryDays).toBe(7);
  });

  it('reads how long pre-flight keeps fee predictions, 24 hours unless said, 0 for never', () => {
    expect(loadConfig({}).batches.feePredictionTtlMs).toBe(24 * 3_600_000);
    expect(loadConfig({ FEE_PREDICTION_TTL_HOURS: '0' }).batches.feePredictionTtlMs).toBe(0);
    expect(() => loadConfig({ FEE_PREDICTION_TTL_HOURS: '-1' })).toThrow(
      'FEE_PREDICTION_TTL_HOURS',
    );
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DOLLR_CLIENT_ID: ' ' }).dollr.mode).toBe('sandbox');
  });

  it.each([
    [{ DATABASE_URL: 'postgres://x/y' }, ['DATABASE_URL']],
    [{ DATABASE_URL: 'mysql://host' }, ['DATABASE_URL']],
    [{ DATABASE_URL: 'sqlite:' }, ['DATABASE_URL']],
    [{ PORT: '0' }, ['PORT']],
    [{ PORT: '65536' }, ['PORT']],
    [{ PORT: '3000abc' }, ['PORT']],
    [{ LOG_LEVEL: 'verbose' }, ['LOG_LEVEL']],
    [{ DOLLR_BASE_URL: 'ftp://x' }, ['DOLLR_BASE_URL']],
    [{ DOLLR_CLIENT_ID: 'id' }, ['DOLLR_CLIENT_SECRET']],
    [{ DOLLR_CLIENT_SECRET: 's' }, ['DOLLR_CLIENT_ID']],
    [{ DOLLR_PAYOUT_PHONE: '+231771234567' }, ['DOLLR_PAYOUT_PHONE']],
    [{ DOLLR_RATE_LIMIT_RPS: '0' }, ['DOLLR_RATE_LIMIT_RPS']],
    [{ DOLLR_MAX_CONCURRENCY: '1.5' }, ['DOLLR_MAX_CONCURRENCY']],
    [{ DOLLR_TIMEOUT_MS: '10' }, ['DOLLR_TIMEOUT_MS']],
    [{ APPROVAL_TWO_PERSON_THRESHOLDS: 'USD:100' }, ['APPROVAL_TWO_PERSON_THRESHOLDS']],
    [{ APPROVAL_TWO_PERSON_THRESHOLDS: 'usd=100' }, ['APPROVAL_TWO_PERSON_THRESHOLDS']],
    [{ BATCH_APPROVAL_EXPIRY_DAYS: '0' }, ['BATCH_APPROVAL_EXPIRY_DAYS']],
    [{ PORT: 'x', LOG_LEVEL: 'x', DATABASE_URL: 'x' }, ['DATABASE_URL', 'PORT', 'LOG_LEVEL']],
  ])('%j is refused naming %j', (env, variables) => {
    expect(problemsOf(env)).toEqual(variables);
  });

  it('keeps the inbox and the reports under DATA_DIR unless they are set', () => {
    expect(loadConfig({})).toMatchObject({
      jobs: { inboxDir: './data/inbox' },
      reports: { dir: './data/reports' },
    });
    expect(loadConfig({ DATA_DIR: '/srv/connector' })).toMatchObject({
      dataDir: '/srv/connector',
      jobs: { inboxDir: '/srv/connector/inbox' },
      reports: { dir: '/srv/connector/reports' },
    });
    expect(
      loadConfig({ DATA_DIR: '/srv/connector', INBOX_DIR: '/mnt/erp-drop', REPORTS_DIR: '' }),
    ).toMatchObject({
      jobs: { inboxDir: '/mnt/erp-drop' },
      reports: { dir: '/srv/connector/reports' },
    });
  });

  it('reads ${NAME} in a value as an earlier variable, but takes a secret as it is', () => {
    const config = loadConfig({
      DATA_DIR: '/srv/connector',
      INBOX_DIR: '${DATA_DIR}/drop',
      DOLLR_CLIENT_ID: 'merchant-1',
      DOLLR_CLIENT_SECRET: 'a${DATA_DIR}b',
    });
    expect(config.jobs.inboxDir).toBe('/srv/connector/drop');
    expect(config.dollr.clientSecret).toBe('a${DATA_DIR}b');
  });

  it('never echoes a secret value in its message', () => {
    const load = () => loadConfig({ DOLLR_CLIENT_SECRET: 'sekret-value-1234', PORT: 'bad' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/PORT/);
    expect(load).not.toThrow(/sekret-value-1234/);
  });
});

describe('describeConfig', () => {
  it('masks secrets and database passwords and says where each value came from', () => {
    const rows = describeConfig({
      DATABASE_URL: 'mysql://app:pw-123@db:3306/c',
      DOLLR_CLIENT_SECRET: 'abcdef',
      DOLLR_PAYOUT_PASSCODE: '123456',
    });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName.DATABASE_URL).toEqual({
      name: 'DATABASE_URL',
      value: 'mysql://app:***@db:3306/c',
      source: 'env',
    });
    expect(byName.DOLLR_CLIENT_SECRET?.value).toBe('***');
    expect(byName.DOLLR_PAYOUT_PASSCODE?.value).toBe('***');
    expect(byName.PORT).toEqual({ name: 'PORT', value: '3000', source: 'default' });
    expect(byName.DOLLR_CLIENT_ID).toEqual({ name: 'DOLLR_CLIENT_ID', value: '', source: 'unset' });
    expect(describeConfig({ DATA_DIR: '/srv/c' }).find((r) => r.name === 'INBOX_DIR')).toEqual({
      name: 'INBOX_DIR',
      value: '/srv/c/inbox',
      source: 'default',
    });
  });
});
