import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { type AuditAction, AuditLog } from '../auth/audit-log.service';
import { samePerson } from '../auth/identity';
import { AppError } from '../common/app-error';
import { redactText } from '../common/redact';
import { AppConfig } from '../config/app-config';
import { sqlValue } from '../database/sql-values';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { batchState } from './batch-errors';
import type { BatchDetails } from './batch-queries';
import { BatchQueries } from './batch-queries';
import { batchContent, lockBatch, recordBatchEvent } from './batch-records';
import { type BatchEvent, type BatchStatus, canBatch, nextBatchStatus } from './batch-status';
import { totalsInSql } from './batch-content';
import { approvalsRequired } from './batch-totals';
import { BatchApprovalEntity } from './entities/batch-approval.entity';
import { BatchEntity } from './entities/batch.entity';

/** What a batch-expiry run did; `firstError` says why the first batch it could not cancel failed. */
export interface ExpiryRun {
  expired: number;
  changedMeanwhile: number;
  failed: number;
  firstError: string | null;
}

/**
 * A batch's life after it is made: pre-flight submits it, people approve it, operators run, pause,
 * resume, cancel and retry it, and the batch-expiry job cancels it when nobody approved it in time.
 * Each change is one transaction on the locked batch row, with its audit entry.
 */
@Injectable()
export class BatchLifecycle {
  private readonly logger = new Logger(BatchLifecycle.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly queries: BatchQueries,
  ) {}

  /** DRAFT -> AWAITING_APPROVAL once pre-flight is done; earlier approvals are voided. */
  async submitForApproval(batchId: number, now: Date, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const batch = await lockBatch(manager, batchId);
      if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') {
        throw batchState(batchId, batch.status, 'be checked again');
      }
      const content = await batchContent(manager, batch);
      const reason = 'pre-flight ran again';
      const voided = await this.voidApprovals(manager, batchId, reason, now);
      if (voided > 0) {
        // A first approval of a batch that needs two: the checker has to approve again.
        await this.record(manager, actor, 'batch.approval_voided', batch, now, {
          reason,
          approvals: voided,
          totals: content.totals,
        });
      }
      const rejected = await manager.countBy(PaymentEntity, { batchId, status: 'REJECTED' });
      await this.record(manager, actor, 'batch.preflight', batch, now, {
        totals: content.totals,
        rejected,
      });
      await manager.update(BatchEntity, batchId, {
        status: nextBatchStatus(
          batch.status,
          batch.status === 'DRAFT' ? 'submit' : 'void-approval',
        ),
        contentHash: content.hash,
        approvalsRequired: approvalsRequired(
          content.totals,
          this.config.batches.twoPersonThresholds,
        ),
        preflightAt: now,
        updatedAt: now,
      });
    });
  }

  /**
   * Records the approval by `actor` of the batch as it is now. The uploader cannot approve; each
   * person approves once; the approval is bound to the content hash, and a batch whose content
   * changed since pre-flight must be checked again.
   */
  async approve(batchId: number, actor: Actor, now = new Date()): Promise<BatchDetails> {
    const user = actor.name;
    await this.dataSource.transaction(async (manager) => {
      const batch = await lockBatch(manager, batchId);
      if (batch.status !== 'AWAITING_APPROVAL')
        throw batchState(batchId, batch.status, 'be approved');
      if (isExpired(batch, now)) throw batchExpired(batch, this.config.batches.approvalExpiryDays);
      const unchecked = await manager.countBy(PaymentEntity, {
        batchId,
        status: In(['PENDING', 'REJECTED']),
        preflightAt: IsNull(),
      });
      if (unchecked > 0) {
        throw new AppError(
          'PREFLIGHT_INCOMPLETE',
          `Batch ${batchId} has ${unchecked} payment(s) its pre-flight has not checked yet: run the pre-flight again to finish it, then approve.`,
          409,
          { batchId, unchecked },
        );
      }
      if (samePerson(user, batch.createdBy)) {
        throw new AppError(
          'MAKER_CHECKER',
          `${user} imported this batch and cannot approve it: a different person must approve.`,
          403,
        );
      }
      const content = await batchContent(manager, batch);
      if (content.hash !== batch.contentHash) {
        throw new AppError(
          'APPROVAL_VOIDED',
          `Batch ${batchId} changed after its pre-flight; run the pre-flight again, then approve.`,
          409,
        );
      }
      const approvals = await manager.find(BatchApprovalEntity, {
        where: { batchId, voidedAt: IsNull() },
      });
      if (approvals.some((a) => samePerson(a.approvedBy, user))) {
        throw new AppError(
          'ALREADY_APPROVED',
          `${user} has already approved batch ${batchId}.`,
          409,
        );
      }
      await manager.save(
        manager.create(BatchApprovalEntity, {
          batchId,
          approvedBy: user,
          approvedAt: now,
          contentHash: content.hash,
          totals: content.totals.map((t) => ({
            currency: t.currency,
            requested: t.requested,
            fees: t.fees,
          })),
          voidedAt: null,
          voidReason: null,
        }),
      );
      const complete = approvals.length + 1 >= batch.approvalsRequired;
      if (complete) {
        await manager.update(BatchEntity, batchId, {
          status: nextBatchStatus(batch.status, 'approve'),
          updatedAt: now,
        });
      }
      await this.record(manager, actor, 'batch.approved', batch, now, {
        totals: content.totals,
        approvals: approvals.length + 1,
        approvalsRequired: batch.approvalsRequired,
        status: complete ? nextBatchStatus(batch.status, 'approve') : batch.status,
      });
    });
    return this.queries.details(batchId);
  }

  /** APPROVED -> RUNNING, after checking the approvals still match the content. */
  async start(batchId: number, actor: Actor, now = new Date()): Promise<void> {
    const voided = await this.dataSource.transaction(async (manager) => {
      const batch = await lockBatch(manager, batchId);
      if (batch.status === 'RUNNING') return false;
      if (!canBatch(batch.status, 'run')) {
        throw batchState(batchId, batch.status, 'run (it must be approved first)');
      }
      const content = await batchContent(manager, batch);
      const valid = await manager.countBy(BatchApprovalEntity, {
        batchId,
        voidedAt: IsNull(),
        contentHash: content.hash,
      });
      if (content.hash !== batch.contentHash || valid < batch.approvalsRequired) {
        // Committed before the refusal below: the approvals are void from now on.
        const reason = 'the batch changed after approval';
        await this.voidApprovals(manager, batchId, reason, now);
        await manager.update(BatchEntity, batchId, {
          status: nextBatchStatus(batch.status, 'void-approval'),
          updatedAt: now,
        });
        await this.record(manager, actor, 'batch.approval_voided', batch, now, {
          reason,
          totals: content.totals,
        });
        return true;
      }
      await manager.update(BatchEntity, batchId, {
        status: nextBatchStatus(batch.status, 'run'),
        startedAt: batch.startedAt ?? now,
        statusReason: null,
        updatedAt: now,
      });
      await this.record(manager, actor, 'batch.run', batch, now, { totals: content.totals });
      return false;
    });
    if (voided) {
      throw new AppError(
        'APPROVAL_VOIDED',
        `Batch ${batchId} changed after it was approved; run its pre-flight and approve it again.`,
        409,
      );
    }
  }

  async pause(
    batchId: number,
    actor: Actor,
    reason = 'paused by an operator',
    now = new Date(),
  ): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const batch = await this.transitionIn(manager, batchId, 'pause', now, {
        statusReason: reason,
      });
      await this.record(manager, actor, 'batch.paused', batch, now, { reason: redactText(reason) });
    });
  }

  /**
   * Pauses a running batch as the system, for a failure every later payment would have too; a
   * batch already paused, canceled or finished is left as it is (false).
   */
  async pauseForFailure(batchId: number, reason: string, now = new Date()): Promise<boolean> {
    try {
      await this.pause(batchId, SYSTEM_ACTOR, reason, now);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'BATCH_STATE') return false;
      throw error;
    }
  }

  async resume(batchId: number, actor: Actor, now = new Date()): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const batch = await this.transitionIn(manager, batchId, 'resume', now, {
        statusReason: null,
      });
      await this.record(manager, actor, 'batch.resumed', batch, now, {});
    });
  }

  /** Cancels the batch; payments not yet sent are canceled, those in flight are still followed. */
  async cancel(
    batchId: number,
    actor: Actor,
    reason = 'canceled by an operator',
    now = new Date(),
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.cancelIn(manager, batchId, actor, reason, now),
    );
  }

  private async cancelIn(
    manager: EntityManager,
    batchId: number,
    actor: Actor,
    reason: string,
    now: Date,
  ): Promise<void> {
    const batch = await this.transitionIn(manager, batchId, 'cancel', now, {
      statusReason: reason,
    });
    const canceled = await manager.update(
      PaymentEntity,
      { batchId, status: 'PENDING' },
      { status: 'CANCELED', reason: redactText(reason), statusChangedAt: now },
    );
    await this.record(manager, actor, 'batch.canceled', batch, now, {
      reason: redactText(reason),
      canceledPayments: canceled.affected ?? 0,
    });
  }

  /** Payments whose attempt FAILED get a new attempt (a new reference_id); the batch runs again. */
  async retryFailed(batchId: number, actor: Actor, now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const batch = await this.transitionIn(manager, batchId, 'retry-failed', now, {
        statusReason: null,
        finishedAt: null,
      });
      // Summed by the database before they go back to PENDING: none of them is loaded.
      const failed = await totalsInSql(manager, batchId, ['FAILED']);
      const result = await manager.update(
        PaymentEntity,
        { batchId, status: 'FAILED' },
        { status: 'PENDING', reason: null, statusChangedAt: now, nextCheckAt: null },
      );
      await this.record(manager, actor, 'batch.retry_failed', batch, now, {
        payments: result.affected ?? 0,
        totals: failed.map((t) => ({
          currency: t.currency,
          count: t.count,
          requested: t.requested,
        })),
      });
      return result.affected ?? 0;
    });
  }

  /**
   * Cancels the batches not approved within BATCH_APPROVAL_EXPIRY_DAYS (the batch-expiry job).
   * Each is checked again under its lock: one approved or canceled meanwhile is left as it is. One
   * that cannot be canceled (its lock timed out) is counted and left for the next run; the others
   * are still canceled.
   */
  async expireStale(now: Date): Promise<ExpiryRun> {
    const stale = await this.dataSource
      .getRepository(BatchEntity)
      .createQueryBuilder('b')
      .select('b.id', 'id')
      .where('b.status IN (:...open)', { open: EXPIRING_STATUSES })
      .andWhere('b.expires_at < :now', {
        now: sqlValue(this.dataSource, BatchEntity, 'expiresAt', now),
      })
      .orderBy('b.id', 'ASC')
      .getRawMany<{ id: number }>();
    const run: ExpiryRun = { expired: 0, changedMeanwhile: 0, failed: 0, firstError: null };
    const reason = `expired: not approved within ${this.config.batches.approvalExpiryDays} day(s)`;
    for (const { id } of stale) {
      try {
        const expired = await this.dataSource.transaction(async (manager) => {
          const batch = await lockBatch(manager, Number(id));
          if (!isExpired(batch, now)) return false;
          await this.cancelIn(manager, batch.id, SYSTEM_ACTOR, reason, now);
          return true;
        });
        if (expired) run.expired += 1;
        else run.changedMeanwhile += 1;
      } catch (error) {
        run.failed += 1;
        run.firstError ??= `batch ${id}: ${error instanceof Error ? error.message : String(error)}`;
        this.logger.warn(
          `Batch ${id} could not be expired; the next run tries again: ${String(error)}`,
        );
      }
    }
    return run;
  }

  private async transitionIn(
    manager: EntityManager,
    batchId: number,
    event: BatchEvent,
    now: Date,
    changes: Partial<BatchEntity>,
  ): Promise<BatchEntity> {
    const batch = await lockBatch(manager, batchId);
    if (!canBatch(batch.status, event))
      throw batchState(batchId, batch.status, event.replace('-', ' '));
    await manager.update(BatchEntity, batchId, {
      ...changes,
      status: nextBatchStatus(batch.status, event),
      updatedAt: now,
    });
    return batch;
  }

  private record(
    manager: EntityManager,
    actor: Actor,
    action: AuditAction,
    batch: BatchEntity,
    at: Date,
    details: Record<string, unknown>,
  ): Promise<void> {
    return recordBatchEvent(this.audit, manager, { actor, action, batch, at, details });
  }

  private async voidApprovals(
    manager: EntityManager,
    batchId: number,
    reason: string,
    now: Date,
  ): Promise<number> {
    const result = await manager.update(
      BatchApprovalEntity,
      { batchId, voidedAt: IsNull() },
      { voidedAt: now, voidReason: reason },
    );
    return result.affected ?? 0;
  }
}

/** Batches that expire when not approved in time. */
const EXPIRING_STATUSES: readonly BatchStatus[] = ['DRAFT', 'AWAITING_APPROVAL'];

function isExpired(batch: BatchEntity, now: Date): boolean {
  return EXPIRING_STATUSES.includes(batch.status) && batch.expiresAt.getTime() < now.getTime();
}

function batchExpired(batch: BatchEntity, days: number): AppError {
  return new AppError(
    'BATCH_EXPIRED',
    `Batch ${batch.id} was not approved within ${days} day(s) (it expired at ${batch.expiresAt.toISOString()}): it can no longer be approved, and the batch-expiry job cancels it.`,
    409,
    { batchId: batch.id, expiresAt: batch.expiresAt.toISOString() },
  );
}
