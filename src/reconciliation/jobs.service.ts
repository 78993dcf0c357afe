import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { redactText } from '../common/redact';
import { settleWithin } from '../common/settle-within';
import type { Page, PageRequest } from '../common/paging';
import { AppError } from '../common/app-error';
import { WORKER_ID } from '../common/worker-id';
import { AppConfig } from '../config/app-config';
import { Readiness } from '../health/readiness';
import { JobRunsStore, type JobRunView, viewOf } from './job-runs.store';
import { JOB_NAMES, type JobName, SCHEDULED_JOBS, type ScheduledJob } from './job.types';
import { manualSlot } from './job-slot.util';

/** What a scheduled tick led to in this process. */
export type TickOutcome =
  | { readonly ran: true; readonly run: JobRunView }
  | { readonly ran: false; readonly reason: 'slot-taken' | 'still-running' };

/**
 * Runs jobs: a scheduled tick claims its slot in `job_runs` (only the replica whose INSERT wins
 * runs it), a manual run always runs. Every run is recorded with its host, times, counts and
 * error; a failing job is recorded as FAILED and nothing else is affected.
 */
@Injectable()
export class JobsService implements OnApplicationShutdown {
  private readonly logger = new Logger(JobsService.name);
  private readonly byName: ReadonlyMap<string, ScheduledJob>;
  private readonly active = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(SCHEDULED_JOBS) jobs: ScheduledJob[],
    private readonly runs: JobRunsStore,
    private readonly audit: AuditLog,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly readiness: Readiness,
  ) {
    this.byName = new Map(jobs.map((job) => [job.name, job]));
  }

  jobs(): ScheduledJob[] {
    return JOB_NAMES.flatMap((name) => {
      const job = this.byName.get(name);
      return job === undefined ? [] : [job];
    });
  }

  job(name: string): ScheduledJob {
    const job = this.byName.get(name);
    if (job === undefined) {
      throw new AppError(
        'JOB_NOT_FOUND',
        `There is no job "${name}". The jobs are: ${JOB_NAMES.join(', ')}.`,
        404,
        { job: name, jobs: [...JOB_NAMES] },
      );
    }
    return job;
  }

  /** A cron tick for `slot`: runs unless another replica took the slot or a run is still going here. */
  async tick(name: JobName, slot: string, now = new Date()): Promise<TickOutcome> {
    const job = this.job(name);
    if (this.active.has(name)) {
      this.logger.warn(`${name} ${slot}: skipped, the previous run is still going in this process`);
      return { ran: false, reason: 'still-running' };
    }
    await this.runs.abandonDead(now);
    const run = await this.runs.claim(name, slot, false, WORKER_ID, now);
    if (run === null) {
      this.logger.log(`${name} ${slot}: taken by another process`);
      return { ran: false, reason: 'slot-taken' };
    }
    return { ran: true, run: await this.execute(job, run) };
  }

  /**
   * A run by hand (CLI or HTTP): always runs, under a slot of its own. Who started it is audited
   * before it runs, so the entry is there even if the process dies during the run.
   */
  async runNow(name: string, actor: Actor, now = new Date()): Promise<JobRunView> {
    const job = this.job(name);
    await this.runs.abandonDead(now);
    const run = await this.runs.claim(job.name, manualSlot(now), true, WORKER_ID, now);
    if (run === null) throw new Error(`could not record a run of ${name}`);
    await this.audit.record(this.dataSource.manager, {
      actor,
      action: 'job.run',
      subject: { type: 'job', id: run.id },
      details: { job: job.name, slot: run.slot, host: run.host },
      at: now,
    });
    return this.execute(job, run);
  }

  async list(request: PageRequest): Promise<Page<JobRunView>> {
    const page = await this.runs.list(request);
    return { items: page.items.map(viewOf), next: page.next };
  }

  private async execute(
    job: ScheduledJob,
    run: Awaited<ReturnType<JobRunsStore['claim']>> & object,
  ): Promise<JobRunView> {
    this.logger.log(`${job.name} ${run.slot}: started on ${run.host}`);
    const work = (async () => {
      try {
        const result = await job.run(run.startedAt);
        if ('skipped' in result) {
          this.logger.log(`${job.name} ${run.slot}: skipped (${result.skipped})`);
          return this.runs.finish(
            run,
            'SKIPPED',
            result.counts ?? null,
            result.skipped,
            new Date(),
          );
        }
        if (result.failed !== undefined) {
          const message = redactText(result.failed);
          this.logger.error(`${job.name} ${run.slot}: failed: ${message}`);
          return this.runs.finish(run, 'FAILED', result.counts, message, new Date());
        }
        this.logger.log(`${job.name} ${run.slot}: succeeded ${JSON.stringify(result.counts)}`);
        return this.runs.finish(run, 'SUCCEEDED', result.counts, null, new Date());
      } catch (error) {
        const message = redactText(error instanceof Error ? error.message : String(error));
        this.logger.error(`${job.name} ${run.slot}: failed: ${message}`);
        return this.runs.finish(run, 'FAILED', null, message, new Date());
      }
    })();
    this.active.set(job.name, work);
    try {
      return viewOf(await work);
    } finally {
      if (this.active.get(job.name) === work) this.active.delete(job.name);
    }
  }

  /** A job still running after SHUTDOWN_GRACE_SECONDS is left to the next run, as after a crash. */
  async onApplicationShutdown(): Promise<void> {
    this.readiness.startDraining();
    await settleWithin(
      [...this.active.values()],
      this.readiness.msLeft(this.config.shutdownGraceMs),
    );
  }
}
