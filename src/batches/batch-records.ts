import { In, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { AuditAction, AuditLog } from '../auth/audit-log.service';
import { fromMinorUnits } from '../money/amount';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { batchNotFound } from './batch-errors';
import { totalsByCurrency } from './batch-totals';
import { batchContentHash } from './content-hash';
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

/** What approvals are bound to: the hash of the batch's payments, and its totals per currency. */
export async function batchContent(manager: EntityManager, batch: BatchEntity) {
  const payments = await manager.find(PaymentEntity, {
    where: {
      batchId: batch.id,
      status: In(['PENDING', 'PROCESSING', 'COMPLETED', 'FAILED', 'AWAITING_PAYMENT']),
    },
  });
  const totals = totalsByCurrency(payments);
  const hash = batchContentHash({
    batchId: batch.id,
    payments: payments.map((p) => ({
      paymentId: p.id,
      payee: `${batch.relationshipType}:${p.externalRef}`,
      phone: p.phone,
      amount: fromMinorUnits(p.amountMinor, p.currency),
      currency: p.currency,
      method: p.method,
    })),
    totals: totals.map((t) => ({ currency: t.currency, requested: t.requested, fees: t.fees })),
  });
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
