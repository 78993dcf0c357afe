import { Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hostname } from 'node:os';
import { DataSource, LessThan } from 'typeorm';
import { type Page, type PageRequest, pageOf } from '../common/paging';
import { Metrics } from '../metrics/metrics';
import { JobRunEntity, type JobRunStatus } from './entities/job-run.entity';
import type { JobCounts } from './job.types';

/** A run as `jobs list --json` and `GET /jobs` show it. */
export interface JobRunView {
  readonly id: number;
  readonly job: string;
  readonly slot: string;
  readonly status: JobRunStatus;
  readonly host: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly counts: JobCounts | null;
  readonly error: string | null;
  readonly manual: boolean;
}

export function viewOf(run: JobRunEntity): JobRunView {
  return {
    id: run.id,
    job: run.job,
    slot: run.slot,
    status: run.status,
    host: run.host,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    counts: run.counts === null ? null : (JSON.parse(run.counts) as JobCounts),
    error: run.error,
    manual: run.manual,
  };
}

/** A run still RUNNING after this long is taken as abandoned, wherever it ran. */
export const ABANDON_AFTER_MS = 6 * 60 * 60_000;

/** `job_runs`: claiming a slot (the INSERT that wins), finishing, listing, abandoning. */
@Injectable()
export class JobRunsStore {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** The run row if this process won the slot; null when another process already has it. */
  async claim(
    job: string,
    slot: string,
    manual: boolean,
    host: string,
    now: Date,
  ): Promise<JobRunEntity | null> {
    const runs = this.dataSource.getRepository(JobRunEntity);
    try {
      return await runs.save(
        runs.create({
          job,
          slot,
          manual,
          status: 'RUNNING',
          host,
          startedAt: now,
          finishedAt: null,
          counts: null,
          error: null,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async finish(
    run: JobRunEntity,
    status: JobRunStatus,
    counts: JobCounts | null,
    error: string | null,
    now: Date,
  ): Promise<JobRunEntity> {
    run.status = status;
    run.counts = counts === null ? null : JSON.stringify(counts);
    run.error = error === null ? null : error.slice(0, 1000);
    run.finishedAt = now;
    this.metrics?.jobRun(
      run.job,
      status,
      Math.max(0, now.getTime() - run.startedAt.getTime()) / 1000,
    );
    await this.dataSource
      .getRepository(JobRunEntity)
      .update(
        { id: run.id, status: 'RUNNING' },
        { status, counts: run.counts, error: run.error, finishedAt: now },
      );
    return run;
  }

  /** Runs newest first (by start, then id), a page at a time; `after` is the last run seen. */
  async list(request: PageRequest): Promise<Page<JobRunEntity>> {
    const query = this.dataSource
      .getRepository(JobRunEntity)
      .createQueryBuilder('r')
      .orderBy('r.started_at', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .limit(request.limit + 1);
    if (request.after !== undefined) {
      const startOfLast = '(SELECT l.started_at FROM job_runs l WHERE l.id = :after)';
      query.where(
        `(r.started_at < ${startOfLast} OR (r.started_at = ${startOfLast} AND r.id < :after))`,
        { after: request.after },
      );
    }
    if (request.offset !== undefined && request.offset > 0) query.offset(request.offset);
    return pageOf(await query.getMany(), request, (run) => run.id);
  }

  /**
   * Runs left RUNNING by a process that is gone (same host, pid no longer alive) or that have been
   * RUNNING for longer than ABANDON_AFTER_MS become ABANDONED, so nobody mistakes them for live.
   */
  async abandonDead(now: Date, isAlive: (pid: number) => boolean = processAlive): Promise<number> {
    const runs = this.dataSource.getRepository(JobRunEntity);
    let abandoned = 0;
    const stale = await runs.update(
      { status: 'RUNNING', startedAt: LessThan(new Date(now.getTime() - ABANDON_AFTER_MS)) },
      {
        status: 'ABANDONED',
        finishedAt: now,
        error: `still RUNNING after ${ABANDON_AFTER_MS / 3_600_000} hours: its process died or hung`,
      },
    );
    abandoned += stale.affected ?? 0;
    const here = `${hostname()}:`;
    for (const run of await runs.findBy({ status: 'RUNNING' })) {
      if (!run.host.startsWith(here)) continue;
      const pid = Number(run.host.slice(here.length));
      if (!Number.isInteger(pid) || isAlive(pid)) continue;
      const result = await runs.update(
        { id: run.id, status: 'RUNNING' },
        { status: 'ABANDONED', finishedAt: now, error: `its process ${run.host} is gone` },
      );
      abandoned += result.affected ?? 0;
    }
    return abandoned;
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return (
    code === 'ER_DUP_ENTRY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}
