import type { AppConfig } from '../config/app-config';
import { Readiness } from '../health/readiness';
import type { JobRunEntity, JobRunStatus } from './entities/job-run.entity';
import type { JobRunsStore } from './job-runs.store';
import type { JobResult, ScheduledJob } from './job.types';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { AuditEntry, AuditLog } from '../auth/audit-log.service';
import { JobsService } from './jobs.service';

/** job_runs in memory, with the (job, slot) key of the real table. */
class MemoryRuns {
  readonly rows: JobRunEntity[] = [];

  claim(job: string, slot: string, manual: boolean, host: string, now: Date) {
    if (this.rows.some((r) => r.job === job && r.slot === slot)) return Promise.resolve(null);
    const row = {
      id: this.rows.length + 1,
      job,
      slot,
      manual,
      host,
      status: 'RUNNING',
      startedAt: now,
      finishedAt: null,
      counts: null,
      error: null,
    } as JobRunEntity;
    this.rows.push(row);
    return Promise.resolve(row);
  }

  finish(
    run: JobRunEntity,
    status: JobRunStatus,
    counts: Record<string, unknown> | null,
    error: string | null,
    now: Date,
  ) {
    Object.assign(run, {
      status,
      counts: counts === null ? null : JSON.stringify(counts),
      error,
      finishedAt: now,
    });
    return Promise.resolve(run);
  }

  abandonDead() {
    return Promise.resolve(0);
  }
}

function job(run: () => Promise<JobResult>): ScheduledJob & { calls: number } {
  const fake = {
    name: 'status-poll' as const,
    schedule: '* * * * *',
    calls: 0,
    run: () => {
      fake.calls += 1;
      return run();
    },
  };
  return fake;
}

function service(jobs: ScheduledJob[], runs = new MemoryRuns()) {
  const audited: AuditEntry[] = [];
  const audit = { record: (_manager: unknown, entry: AuditEntry) => audited.push(entry) };
  const dataSource = { manager: {} };
  return {
    jobs: new JobsService(
      jobs,
      runs as unknown as JobRunsStore,
      audit as unknown as AuditLog,
      dataSource as unknown as DataSource,
      { shutdownGraceMs: 1_000 } as AppConfig,
      new Readiness(),
    ),
    runs,
    audited,
  };
}

const ALICE: Actor = { name: 'alice', role: 'maker', keyId: 7 };

describe('JobsService', () => {
  const slot = '2026-11-28T10:00:00Z';

  it('runs a slot it wins and records the counts', async () => {
    const poll = job(() => Promise.resolve({ counts: { checked: 2 } }));
    const { jobs } = service([poll]);
    const outcome = await jobs.tick('status-poll', slot);
    expect(outcome).toMatchObject({
      ran: true,
      run: { status: 'SUCCEEDED', slot, counts: { checked: 2 }, manual: false },
    });
    expect(poll.calls).toBe(1);
  });

  it('does not run a slot another replica already took', async () => {
    const poll = job(() => Promise.resolve({ counts: {} }));
    const runs = new MemoryRuns();
    await runs.claim('status-poll', slot, false, 'other-host:1', new Date());
    const { jobs } = service([poll], runs);
    expect(await jobs.tick('status-poll', slot)).toEqual({ ran: false, reason: 'slot-taken' });
    expect(poll.calls).toBe(0);
  });

  it('records a failing run with its error (secrets masked) and does not throw', async () => {
    const poll = job(() =>
      Promise.reject(new Error('Dollr said 500 to Authorization: Bearer abc.def.ghi')),
    );
    const { jobs } = service([poll]);
    const outcome = await jobs.tick('status-poll', slot);
    expect(outcome).toMatchObject({ ran: true, run: { status: 'FAILED', counts: null } });
    const error = outcome.ran ? outcome.run.error : '';
    expect(error).toContain('Dollr said 500');
    expect(error).not.toContain('abc.def.ghi');
  });

  it('records a run that ended without doing its work as FAILED, with its counts and why', async () => {
    const poll = job(() =>
      Promise.resolve({ counts: { checked: 2, errors: 2 }, failed: 'Dollr said 503 twice' }),
    );
    const { jobs } = service([poll]);
    expect(await jobs.tick('status-poll', slot)).toMatchObject({
      ran: true,
      run: { status: 'FAILED', counts: { checked: 2, errors: 2 }, error: 'Dollr said 503 twice' },
    });
  });

  it('records SKIPPED with the reason when the job has nothing it can do', async () => {
    const { jobs } = service([job(() => Promise.resolve({ skipped: 'not available' }))]);
    const run = await jobs.runNow('status-poll', ALICE);
    expect(run).toMatchObject({ status: 'SKIPPED', error: 'not available', manual: true });
    expect(run.slot).toMatch(/^manual:/);
  });

  it('skips a tick while the previous run of the job is still going in this process', async () => {
    let release!: () => void;
    const poll = job(
      () => new Promise<JobResult>((resolve) => (release = () => resolve({ counts: {} }))),
    );
    const { jobs } = service([poll]);
    const first = jobs.tick('status-poll', slot);
    await new Promise((r) => setImmediate(r));
    expect(await jobs.tick('status-poll', '2026-11-28T10:01:00Z')).toEqual({
      ran: false,
      reason: 'still-running',
    });
    release();
    expect((await first).ran).toBe(true);
    expect(poll.calls).toBe(1);
  });

  it('always runs a manual run, each with a slot of its own', async () => {
    const poll = job(() => Promise.resolve({ counts: {} }));
    const { jobs, runs, audited } = service([poll]);
    await jobs.runNow('status-poll', ALICE);
    await jobs.runNow('status-poll', ALICE);
    expect(poll.calls).toBe(2);
    expect(new Set(runs.rows.map((r) => r.slot)).size).toBe(2);
    expect(audited.map((e) => [e.actor, e.action, e.subject, e.details])).toEqual(
      runs.rows.map((run) => [
        ALICE,
        'job.run',
        { type: 'job', id: run.id },
        { job: 'status-poll', slot: run.slot, host: run.host },
      ]),
    );
  });

  it('refuses an unknown job, listing the names', async () => {
    const { jobs } = service([]);
    await expect(jobs.runNow('payroll', ALICE)).rejects.toMatchObject({
      code: 'JOB_NOT_FOUND',
      status: 404,
      message:
        'There is no job "payroll". The jobs are: status-poll, invoice-sync, nightly-sync, webhook-dispatch, batch-expiry.',
    });
  });
});
