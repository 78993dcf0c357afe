import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WORKER_ID } from '../common/worker-id';
import { BatchLifecycle } from '../batches/batch-lifecycle';
import { BatchEntity } from '../batches/entities/batch.entity';
import { PreflightService } from '../batches/preflight.service';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';
import { PaymentLeases } from '../payments/payment-leases';
import { lateLandingMs, PaymentExecutor } from '../payments/payment-executor';
import { PaymentAttemptEntity } from '../payments/entities/payment-attempt.entity';
import { AppConfig } from '../config/app-config';
import { sqlValue } from '../database/sql-values';
import type { JobResult, ScheduledJob } from './job.types';
import { nextPollAt } from './poll-backoff.util';

const FINAL: readonly PaymentStatus[] = ['COMPLETED', 'FAILED', 'CANCELED'];

/** Payments asked about in one run at most (the rest wait for the next run). */
const MAX_PER_RUN = 2_000;

/** How long one run goes on with unfinished pre-flights (the rest at the next run). */
const PREFLIGHT_BUDGET_MS = 20_000;

/**
 * Asks Dollr about every payment whose outcome is open (PROCESSING, or parked PENDING with an
 * attempt sent recently enough to still land: see duePayments) and is due, through the payout
 * executor in follow-only mode: the same resolution path as a batch run, which polls with the
 * attempt's reference_id and never sends. Then flags payments PROCESSING longer than
 * STUCK_AFTER_MINUTES as STUCK. Last, it goes on with pre-flights that were started and stopped
 * part-way (PreflightService.continueUnfinished), for at most PREFLIGHT_BUDGET_MS.
 */
@Injectable()
export class StatusPollJob implements ScheduledJob {
  readonly name = 'status-poll' as const;
  readonly schedule: string | null;
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: PaymentLeases,
    private readonly executor: PaymentExecutor,
    private readonly config: AppConfig,
    private readonly lifecycle: BatchLifecycle,
    private readonly preflight: PreflightService,
  ) {
    this.schedule = config.jobs.schedules.statusPoll;
    this.leaseMs = 4 * config.dollr.timeoutMs + 5_000;
  }

  async run(now: Date): Promise<JobResult> {
    const ids = await this.duePayments(now);
    const counts = { due: ids.length, checked: 0, resolved: 0, open: 0, busy: 0, stuck: 0 };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++];
        const outcome = await this.check(id);
        counts[outcome] += 1;
        if (outcome !== 'busy') counts.checked += 1;
      }
    };
    const width = Math.max(1, Math.min(4, this.config.dollr.maxConcurrency));
    await Promise.all(Array.from({ length: width }, worker));
    counts.stuck = await this.flagStuck(new Date());
    const preflights = await this.preflight.continueUnfinished(new Date(), PREFLIGHT_BUDGET_MS);
    return {
      counts: {
        ...counts,
        preflightsContinued: preflights.continued,
        preflightsFinished: preflights.finished,
      },
    };
  }

  /**
   * Open payments due for a look, oldest first. A PENDING payment with a sent attempt is parked
   * (its batch paused): the executor parks one only once Dollr did not know its last send and that
   * send could no longer land, so it is left to its batch. The clause below keeps looking at one
   * whose send could still land (parked under a longer DOLLR_TIMEOUT_MS, or by an older version);
   * asking Dollr about the others every minute would only flip them to PROCESSING and back.
   */
  private async duePayments(now: Date): Promise<number[]> {
    const at = sqlValue(this.dataSource, PaymentEntity, 'nextCheckAt', now);
    const landingSince = sqlValue(
      this.dataSource,
      PaymentAttemptEntity,
      'lastSentAt',
      new Date(now.getTime() - lateLandingMs(this.config)),
    );
    const rows = await this.dataSource.query<{ id: number | string }[]>(
      `SELECT p.id FROM payments p
       WHERE (p.status = 'PROCESSING'
              OR (p.status = 'PENDING' AND EXISTS (
                SELECT 1 FROM payment_attempts a
                WHERE a.payment_id = p.id AND a.attempt_no = p.attempt_count
                  AND a.send_count > 0 AND a.state NOT IN ('COMPLETED', 'FAILED')
                  AND a.last_sent_at >= ?)))
         AND (p.next_check_at IS NULL OR p.next_check_at <= ?)
       ORDER BY p.status_changed_at, p.id
       LIMIT ${MAX_PER_RUN}`,
      [landingSince, at],
    );
    return rows.map((r) => Number(r.id));
  }

  private async check(id: number): Promise<'resolved' | 'open' | 'busy'> {
    const now = new Date();
    const payment = await this.leases.claimOne(id, WORKER_ID, this.leaseMs, now);
    if (payment === null) return 'busy'; // a batch worker or another replica has it right now
    let nextCheckAt: Date | null = null;
    try {
      const batch = await this.dataSource.getRepository(BatchEntity).findOneByOrFail({
        id: payment.batchId,
      });
      const outcome = await this.executor.advance(payment, batch, WORKER_ID, now, 'follow-only');
      // A failure found here (no batch worker was following it) pauses a running batch all the same.
      if (outcome.pauseReason !== undefined) {
        await this.lifecycle.pauseForFailure(batch.id, outcome.pauseReason);
      }
      nextCheckAt = nextPollAt(
        outcome.nextCheckAt,
        now.getTime() - payment.statusChangedAt.getTime(),
        now,
      );
    } finally {
      await this.leases.release(payment, nextCheckAt);
    }
    const after = await this.dataSource.getRepository(PaymentEntity).findOneBy({ id });
    return after !== null && FINAL.includes(after.status) ? 'resolved' : 'open';
  }

  /** PROCESSING for longer than the threshold and not flagged yet: STUCK, with the reason. */
  private async flagStuck(now: Date): Promise<number> {
    const thresholdMs = this.config.jobs.stuckAfterMs;
    const minutes = Number((thresholdMs / 60_000).toFixed(2));
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PaymentEntity)
      .set({
        stuckAt: now,
        stuckReason: `No final status from Dollr after more than ${minutes} minute(s) in PROCESSING; it is still polled and never sent again. Check it with Dollr.`,
      })
      .where('status = :processing', { processing: 'PROCESSING' })
      .andWhere('stuck_at IS NULL')
      .andWhere('status_changed_at < :since', {
        since: sqlValue(
          this.dataSource,
          PaymentEntity,
          'statusChangedAt',
          new Date(now.getTime() - thresholdMs),
        ),
      })
      .execute();
    return result.affected ?? 0;
  }
}
