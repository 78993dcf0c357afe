import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { redactText } from '../common/redact';
import { WORKER_ID } from '../common/worker-id';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchEntity } from './entities/batch.entity';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { type LeaseScope, PaymentLeases } from '../payments/payment-leases';
import { PaymentExecutor } from '../payments/payment-executor';

export interface WorkOptions {
  /** Keep going until every payment is final (else return once nothing is due right now). */
  readonly untilDone: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Works on one batch with up to DOLLR_MAX_CONCURRENCY payments in flight, claiming each payment
 * through the database so any number of processes can work on the same batch together. While the
 * batch runs, PENDING payments are started; when it is paused or canceled, payments already in
 * flight are still followed to their final status, and nothing new is sent.
 */
@Injectable()
export class BatchRunner {
  private readonly logger = new Logger(BatchRunner.name);
  private readonly leaseMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly leases: PaymentLeases,
    private readonly executor: PaymentExecutor,
    private readonly config: AppConfig,
    private readonly lifecycle: BatchLifecycle,
  ) {
    // Longer than a step normally takes (a few Dollr calls, each bounded by the timeout). Should a
    // step outlive it, the next worker still polls before sending, under the same reference_id.
    this.leaseMs = 4 * config.dollr.timeoutMs + 5_000;
  }

  async work(batchId: number, options: WorkOptions): Promise<void> {
    const slots = Array.from({ length: this.config.dollr.maxConcurrency }, () =>
      this.slot(batchId, options),
    );
    await Promise.all(slots);
  }

  private async slot(batchId: number, options: WorkOptions): Promise<void> {
    const batches = this.dataSource.getRepository(BatchEntity);
    while (options.signal?.aborted !== true) {
      const batch = await batches.findOneBy({ id: batchId });
      if (batch === null) return;
      const scope = scopeOf(batch);
      if (scope === null) return;
      const now = new Date();
      const [payment] = await this.leases.claim(batchId, scope, WORKER_ID, 1, this.leaseMs, now);
      if (payment === undefined) {
        const open = await this.leases.openCount(batchId, scope);
        if (open === 0) {
          if (batch.status === 'RUNNING') await this.finish(batch);
          return;
        }
        if (!options.untilDone) return;
        await sleep(250);
        continue;
      }
      const outcome = await this.executor.advance(payment, batch, WORKER_ID, now, scope);
      await this.leases.release(payment, outcome.nextCheckAt);
      if (outcome.pauseReason !== undefined) await this.pause(batch, outcome.pauseReason);
    }
  }

  /** RUNNING -> COMPLETED or COMPLETED_WITH_FAILURES once no payment is open. */
  private async finish(batch: BatchEntity): Promise<void> {
    const payments = this.dataSource.getRepository(PaymentEntity);
    const failed = await payments.countBy({ batchId: batch.id, status: 'FAILED' });
    const now = new Date();
    await this.dataSource.getRepository(BatchEntity).update(
      { id: batch.id, status: 'RUNNING' },
      {
        status: failed > 0 ? 'COMPLETED_WITH_FAILURES' : 'COMPLETED',
        finishedAt: now,
        updatedAt: now,
      },
    );
  }

  private async pause(batch: BatchEntity, reason: string): Promise<void> {
    if (await this.lifecycle.pauseForFailure(batch.id, reason)) {
      this.logger.warn(`batch ${batch.id} paused: ${redactText(reason)}`);
    }
  }

  /** Batches with work for a worker: running ones, and stopped ones with payments in flight. */
  async batchesWithWork(): Promise<number[]> {
    const rows = await this.dataSource
      .getRepository(BatchEntity)
      .createQueryBuilder('b')
      .select('b.id', 'id')
      .where('b.status = :running', { running: 'RUNNING' })
      .orWhere(
        'b.status IN (:...stopped) AND EXISTS (SELECT 1 FROM payments p WHERE p.batch_id = b.id AND p.status = :processing)',
        { stopped: ['PAUSED', 'CANCELED', 'COMPLETED_WITH_FAILURES'], processing: 'PROCESSING' },
      )
      .getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }
}

function scopeOf(batch: BatchEntity): LeaseScope | null {
  switch (batch.status) {
    case 'RUNNING':
      return 'start-and-follow';
    case 'PAUSED':
    case 'CANCELED':
    case 'COMPLETED_WITH_FAILURES':
      return 'follow-only';
    case 'DRAFT':
    case 'AWAITING_APPROVAL':
    case 'APPROVED':
    case 'COMPLETED':
      return null;
  }
}
