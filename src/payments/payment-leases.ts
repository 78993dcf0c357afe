import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { sqlValue } from '../database/sql-values';
import { PaymentEntity, type PaymentStatus } from './entities/payment.entity';

/** Open payments: PENDING ones are started only while their batch runs; PROCESSING ones are always followed. */
export type LeaseScope = 'start-and-follow' | 'follow-only';

function dueCondition(scope: LeaseScope): string {
  const statuses = scope === 'start-and-follow' ? `'PENDING', 'PROCESSING'` : `'PROCESSING'`;
  return `batch_id = ? AND status IN (${statuses})
    AND (lease_expires_at IS NULL OR lease_expires_at < ?)
    AND (next_check_at IS NULL OR next_check_at <= ?)`;
}

/**
 * Claims payments to work on, so that workers (in one process, or replicas sharing one MySQL) never
 * work on the same payment at once. A claim is a lease: if its worker dies, the lease expires and
 * another worker takes the payment over, resuming from what was committed.
 */
@Injectable()
export class PaymentLeases {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Claims up to `limit` open payments of the batch that are due now. */
  async claim(
    batchId: number,
    scope: LeaseScope,
    worker: string,
    limit: number,
    leaseMs: number,
    now: Date,
  ): Promise<PaymentEntity[]> {
    const due = dueCondition(scope);
    const owner = `${worker}/${randomUUID().slice(0, 8)}`;
    const at = (value: Date): unknown =>
      sqlValue(this.dataSource, PaymentEntity, 'leaseExpiresAt', value);
    const params = [batchId, at(now), at(now)];
    const lease = at(new Date(now.getTime() + leaseMs));
    const count = Math.max(1, Math.floor(limit));

    if (this.dataSource.options.type === 'mysql') {
      await this.dataSource.transaction(async (manager) => {
        const rows = await manager.query<{ id: number | string }[]>(
          `SELECT id FROM payments WHERE ${due} ORDER BY id LIMIT ${count} FOR UPDATE SKIP LOCKED`,
          params,
        );
        if (rows.length === 0) return;
        await manager.query(
          `UPDATE payments SET lease_owner = ?, lease_expires_at = ? WHERE id IN (${rows.map(() => '?').join(', ')})`,
          [owner, lease, ...rows.map((r) => Number(r.id))],
        );
      });
    } else {
      // One statement: SQLite runs it atomically, so no other process can claim the same rows.
      await this.dataSource.query(
        `UPDATE payments SET lease_owner = ?, lease_expires_at = ?
         WHERE id IN (SELECT id FROM payments WHERE ${due} ORDER BY id LIMIT ${count})`,
        [owner, lease, ...params],
      );
    }
    return this.dataSource
      .getRepository(PaymentEntity)
      .find({ where: { leaseOwner: owner }, order: { id: 'ASC' } });
  }

  /**
   * Claims one open payment by id (any batch) if nobody holds it: the status poll's way in. The
   * conditional UPDATE is atomic on both databases; null when someone else has it or it is final.
   */
  async claimOne(
    paymentId: number,
    worker: string,
    leaseMs: number,
    now: Date,
  ): Promise<PaymentEntity | null> {
    const owner = `${worker}/${randomUUID().slice(0, 8)}`;
    const at = (value: Date): unknown =>
      sqlValue(this.dataSource, PaymentEntity, 'leaseExpiresAt', value);
    const result = await this.dataSource
      .createQueryBuilder()
      .update(PaymentEntity)
      .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
      .where('id = :id', { id: paymentId })
      .andWhere('status IN (:...open)', { open: ['PENDING', 'PROCESSING'] })
      .andWhere('(lease_expires_at IS NULL OR lease_expires_at < :now)', { now: at(now) })
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    return this.dataSource
      .getRepository(PaymentEntity)
      .findOneBy({ id: paymentId, leaseOwner: owner });
  }

  /** Gives a payment back, to be looked at again no earlier than `nextCheckAt`. */
  async release(payment: PaymentEntity, nextCheckAt: Date | null): Promise<void> {
    await this.dataSource
      .getRepository(PaymentEntity)
      .update(
        { id: payment.id, leaseOwner: payment.leaseOwner ?? '' },
        { leaseOwner: null, leaseExpiresAt: null, nextCheckAt },
      );
  }

  /** Payments of the batch that are not final yet. */
  async openCount(batchId: number, scope: LeaseScope): Promise<number> {
    const statuses: PaymentStatus[] =
      scope === 'start-and-follow' ? ['PENDING', 'PROCESSING'] : ['PROCESSING'];
    return this.dataSource.getRepository(PaymentEntity).countBy({ batchId, status: In(statuses) });
  }
}
