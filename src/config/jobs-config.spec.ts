import { ConfigError, loadConfig } from './load-config';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => `${p.variable} ${p.problem}`);
    throw error;
  }
  return [];
}

describe('configuration of the scheduled jobs and the webhook', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.jobs).toEqual({
      timeZone: 'Africa/Monrovia',
      schedules: {
        statusPoll: '* * * * *',
        invoiceSync: '*/15 * * * *',
        nightlySync: '0 2 * * *',
        // No WEBHOOK_URL: nothing to dispatch to.
        webhookDispatch: null,
        batchExpiry: '*/5 * * * *',
      },
      stuckAfterMs: 30 * 60_000,
      inboxDir: './data/inbox',
      inboxSettleMs: 2000,
    });
    expect(config.webhook).toBeNull();
  });

  it('turns a job off with "off" and accepts seconds-first expressions and fractions of minutes', () => {
    const config = loadConfig({
      STATUS_POLL_CRON: '*/5 * * * * *',
      NIGHTLY_SYNC_CRON: 'off',
      STUCK_AFTER_MINUTES: '0.5',
      JOBS_TIMEZONE: 'Africa/Kigali',
    });
    expect(config.jobs.schedules.statusPoll).toBe('*/5 * * * * *');
    expect(config.jobs.schedules.nightlySync).toBeNull();
    expect(config.jobs.stuckAfterMs).toBe(30_000);
    expect(config.jobs.timeZone).toBe('Africa/Kigali');
  });

  it.each([
    ['STATUS_POLL_CRON', 'every minute'],
    ['INVOICE_SYNC_CRON', '*/15 * * *'],
    ['NIGHTLY_SYNC_CRON', '0 25 * * *'],
    ['WEBHOOK_DISPATCH_CRON', '* * * * * * *'],
  ])('refuses %s=%s, naming the variable and the value', (name, value) => {
    expect(problems({ [name]: value })).toEqual([
      `${name} must be a cron expression (minute hour day-of-month month day-of-week, optionally seconds first), e.g. "*/15 * * * *", or off (got "${value}")`,
    ]);
  });

  it.each([
    ['JOBS_TIMEZONE', 'Mars/Olympus'],
    ['STUCK_AFTER_MINUTES', '0'],
    ['INBOX_SETTLE_MS', '-1'],
    ['WEBHOOK_URL', 'ftp://erp.example.com/hook'],
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
  ])('refuses %s=%s', (name, value) => {
    // With a valid webhook pair, so only the variable under test is wrong.
    const found = problems({
      WEBHOOK_SECRET: 's',
      WEBHOOK_URL: 'https://erp.example.com/hook',
      [name]: value,
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name} `));
  });

  it('needs the secret with the URL and the URL with the secret, never printing the secret', () => {
    expect(problems({ WEBHOOK_URL: 'https://erp.example.com/hook' })).toEqual([
      'WEBHOOK_SECRET is missing: WEBHOOK_URL is set, and every webhook event is signed with this secret',
    ]);
    const found = problems({ WEBHOOK_SECRET: 'whsec-very-secret' });
    expect(found).toEqual([
      'WEBHOOK_URL is missing: WEBHOOK_SECRET is set, but there is no URL to send events to',
    ]);
    expect(found.join('\n')).not.toContain('whsec-very-secret');
  });

  it('dispatches the webhook every minute once it is configured', () => {
    const config = loadConfig({
      WEBHOOK_URL: 'https://erp.example.com/hook',
      WEBHOOK_SECRET: 'whsec',
      WEBHOOK_RETRY_SECONDS: '0.5',
    });
    expect(config.jobs.schedules.webhookDispatch).toBe('* * * * *');
    expect(config.webhook).toEqual({
      url: 'https://erp.example.com/hook',
      secret: 'whsec',
      maxAttempts: 10,
      retryBaseMs: 500,
    });
  });
});
