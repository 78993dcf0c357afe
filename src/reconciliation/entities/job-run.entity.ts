import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/**
 * RUNNING: started. SUCCEEDED / FAILED: finished. SKIPPED: nothing to do for a reason given in
 * `error` (e.g. the feature is not available). ABANDONED: left RUNNING by a process that died.
 */
export type JobRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'SKIPPED' | 'ABANDONED';

/** One run of one scheduled job; (job, slot) is unique, so each slot runs once across replicas. */
@Entity({ name: 'job_runs' })
export class JobRunEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'job', type: 'varchar', length: 40 })
  job!: string;

  @Column({ name: 'slot', type: 'varchar', length: 64 })
  slot!: string;

  @Column({ name: 'manual', type: 'boolean', default: false })
  manual!: boolean;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: JobRunStatus;

  /** The process that ran it (host:pid). */
  @Column({ name: 'host', type: 'varchar', length: 100 })
  host!: string;

  @UtcDateTimeColumn({ name: 'started_at' })
  startedAt!: Date;

  @UtcDateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** JSON object of what the run did, e.g. {"checked": 3, "resolved": 2}. */
  @Column({ name: 'counts', type: 'text', nullable: true })
  counts!: string | null;

  @Column({ name: 'error', type: 'varchar', length: 1000, nullable: true })
  error!: string | null;
}
