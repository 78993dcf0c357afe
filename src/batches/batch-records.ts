import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { AuditAction, AuditLog } from '../auth/audit-log.service';
import type { PaymentStatus } from '../payments/entities/payment.entity';
import { batchNotFound } from './batch-errors';
import { CONTENT_PAGE_SIZE, contentHash, totalsInSql } from './batch-content';
import type { CurrencyTotals } from './batch-totals';
import { BatchEntity } from './entities/batch.entity';

/**
 * What creating a batch and changing its state share, inside their transaction: the batch row
 * locked, its content (hash and totals) and the audit entry of the change.
 */

/** The batch row, locked for update on MySQL (SQLite serialises writers itself). */
export async function lockBatch(manager: EntityManager, batchId: number): Promise<BatchEntity> {
  const query = manager.createQueryBuilder(BatchEntity, 'b').where('b.id = :id', { id: batchId });
  if (manager.connection.options.type === 'mysql') query.setLock('pessimistic_write');
  const batch = await query.getOne();
  if (batch === null) throw batchNotFound(batchId);
  return batch;
}

/** The payment statuses an approval covers: all but pre-flight rejections and cancellations. */
export const CONTENT_STATUSES: readonly PaymentStatus[] = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'AWAITING_PAYMENT',
];

/**
 * What approvals are bound to: the hash of the batch's payments, and its totals per currency.
 * Totals come from SQL aggregates and the hash is folded over pages of payments in id order, so
 * a batch of any size is never held in memory.
 */
export async function batchContent(
  manager: EntityManager,
  batch: BatchEntity,
  pageSize = CONTENT_PAGE_SIZE,
): Promise<{ hash: string; totals: CurrencyTotals[] }> {
  const totals = await totalsInSql(manager, batch.id, CONTENT_STATUSES);
  const hash = await contentHash(manager, batch, CONTENT_STATUSES, totals, pageSize);
  return { hash, totals };
}

/** An audit entry for the batch, in the transaction of the change it records. */
export async function recordBatchEvent(
  audit: AuditLog,
  manager: EntityManager,
  event: {
    actor: Actor;
    action: AuditAction;
    batch: BatchEntity;
    at: Date;
    details: Record<string, unknown>;
  },
): Promise<void> {
  const { actor, action, batch, at, details } = event;
  await audit.record(manager, {
    actor,
    action,
    subject: { type: 'batch', id: batch.id, importId: batch.importId },
    details: { from: batch.status, ...details },
    at,
  });
}
