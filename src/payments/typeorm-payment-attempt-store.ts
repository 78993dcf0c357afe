import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, Not } from 'typeorm';
import { redactText } from '../common/redact';
import { sqlValue } from '../database/sql-values';
import { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import { PaymentAttemptEntity } from './entities/payment-attempt.entity';
import { PaymentEntity, type PaymentStatus } from './entities/payment.entity';
import {
  type AttemptChanges,
  type FinalOutcome,
  PaymentAttemptStore,
} from './payment-attempt-store';

@Injectable()
export class TypeormPaymentAttemptStore extends PaymentAttemptStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  openAttempt(
    payment: PaymentEntity,
    target: { readonly payeeId: number; readonly paymentAccountId: number },
    referenceId: string,
    worker: string,
    now: Date,
  ): Promise<PaymentAttemptEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const moved = await manager.update(
        PaymentEntity,
        { id: payment.id, status: 'PENDING' },
        {
          status: 'PROCESSING',
          attemptCount: payment.attemptCount + 1,
          payeeId: target.payeeId,
          paymentAccountId: target.paymentAccountId,
          statusChangedAt: now,
          reason: null,
          referenceId,
          providerTransactionId: null,
          gatewayMessage: null,
        },
      );
      if ((moved.affected ?? 0) === 0) return null;
      return manager.save(
        manager.create(PaymentAttemptEntity, {
          paymentId: payment.id,
          attemptNo: payment.attemptCount + 1,
          referenceId,
          state: 'CREATED',
          dollrSessionId: null,
          sessionExpiresAt: null,
          sessionAccountId: null,
          sendCount: 0,
          worker,
          gatewayMessage: null,
          error: null,
          payerAmountMinor: null,
          payeeAmountMinor: null,
          providerTransactionId: null,
          createdAt: now,
          lastSentAt: null,
          resolvedAt: null,
        }),
      );
    });
  }

  async resumeProcessing(paymentId: number, now: Date): Promise<boolean> {
    const moved = await this.dataSource
      .getRepository(PaymentEntity)
      .update({ id: paymentId, status: 'PENDING' }, { status: 'PROCESSING', statusChangedAt: now });
    return (moved.affected ?? 0) > 0;
  }

  latestAttempt(paymentId: number): Promise<PaymentAttemptEntity | null> {
    return this.dataSource
      .getRepository(PaymentAttemptEntity)
      .findOne({ where: { paymentId }, order: { attemptNo: 'DESC' } });
  }

  async park(payment: PaymentEntity, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const forUpdate = this.dataSource.options.type === 'mysql' ? ' FOR UPDATE' : '';
      const [batch] = await manager.query<{ status: string }[]>(
        `SELECT status FROM batches WHERE id = ?${forUpdate}`,
        [payment.batchId],
      );
      await manager.update(
        PaymentEntity,
        { id: payment.id, status: 'PROCESSING' },
        batch?.status === 'CANCELED'
          ? {
              status: 'CANCELED',
              reason: 'canceled with its batch; Dollr never received it',
              statusChangedAt: now,
            }
          : { status: 'PENDING', statusChangedAt: now },
      );
    });
  }

  async updateAttempt(attemptId: number, changes: AttemptChanges): Promise<void> {
    await this.dataSource.getRepository(PaymentAttemptEntity).update(attemptId, changes);
  }

  async takeBackSend(
    attemptId: number,
    sendCount: number,
    previousSentAt: Date | null,
  ): Promise<boolean> {
    const takenBack = await this.dataSource
      .getRepository(PaymentAttemptEntity)
      .update(
        { id: attemptId, sendCount },
        { sendCount: sendCount - 1, lastSentAt: previousSentAt },
      );
    return (takenBack.affected ?? 0) > 0;
  }

  finish(
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    { state, reason, feeMinor }: FinalOutcome,
    now: Date,
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.update(PaymentAttemptEntity, attempt.id, {
        state,
        gatewayMessage: attempt.gatewayMessage,
        error: state === 'FAILED' ? reason : null,
        payerAmountMinor: attempt.payerAmountMinor,
        payeeAmountMinor: attempt.payeeAmountMinor,
        providerTransactionId: attempt.providerTransactionId,
        resolvedAt: now,
      });
      const moved = await manager.update(
        PaymentEntity,
        { id: payment.id, status: 'PROCESSING' },
        {
          status: state,
          reason: reason === null ? null : redactText(reason).slice(0, 500),
          statusChangedAt: now,
          completedAt: state === 'COMPLETED' ? now : null,
          stuckAt: null,
          stuckReason: null,
          referenceId: attempt.referenceId,
          gatewayMessage: attempt.gatewayMessage?.slice(0, 500) ?? null,
          ...(attempt.providerTransactionId === null
            ? {}
            : { providerTransactionId: attempt.providerTransactionId }),
          ...(feeMinor === null ? {} : { feeMinor }),
          ...(attempt.payerAmountMinor === null
            ? {}
            : { payerAmountMinor: attempt.payerAmountMinor }),
          ...(attempt.payeeAmountMinor === null
            ? {}
            : { payeeAmountMinor: attempt.payeeAmountMinor }),
        },
      );
      return (moved.affected ?? 0) > 0;
    });
  }

  async settleUnsent(
    paymentId: number,
    status: PaymentStatus,
    reason: string | null,
    now: Date,
  ): Promise<void> {
    await this.dataSource.getRepository(PaymentEntity).update(
      { id: paymentId, status: 'PENDING' },
      {
        status,
        reason: reason === null ? null : redactText(reason).slice(0, 500),
        statusChangedAt: now,
        ...(status === 'COMPLETED' ? { completedAt: now } : {}),
      },
    );
  }

  async lastFinishedBefore(
    payment: PaymentEntity,
  ): Promise<{ status: PaymentStatus; message: string | null } | null> {
    const previous = await this.dataSource.getRepository(PaymentEntity).findOne({
      select: { id: true, status: true, gatewayMessage: true },
      where: { batchId: payment.batchId, id: Not(payment.id), status: In(['COMPLETED', 'FAILED']) },
      order: { statusChangedAt: 'DESC', id: 'DESC' },
    });
    return previous === null ? null : { status: previous.status, message: previous.gatewayMessage };
  }

  async recentSettleTimes(
    route: { operation: 'PAYOUT' | 'COLLECTION'; method: string; provider: string },
    since: Date,
    limit: number,
  ): Promise<number[]> {
    const attempts = await this.dataSource
      .getRepository(PaymentAttemptEntity)
      .createQueryBuilder('a')
      .innerJoin(PaymentEntity, 'p', 'p.id = a.payment_id')
      .innerJoin(PaymentAccountEntity, 'acc', 'acc.id = p.payment_account_id')
      .select(['a.id', 'a.lastSentAt', 'a.resolvedAt'])
      .where("a.state = 'COMPLETED' AND a.send_count = 1 AND a.last_sent_at IS NOT NULL")
      .andWhere('a.resolved_at >= :since', {
        since: sqlValue(this.dataSource, PaymentAttemptEntity, 'resolvedAt', since),
      })
      .andWhere('p.method = :method AND p.provider = :provider', {
        method: route.method,
        provider: route.provider,
      })
      .andWhere('acc.operation_type = :operation', { operation: route.operation })
      .orderBy('a.resolvedAt', 'DESC')
      .take(limit)
      .getMany();
    return attempts.flatMap((a) =>
      a.lastSentAt === null || a.resolvedAt === null
        ? []
        : [a.resolvedAt.getTime() - a.lastSentAt.getTime()],
    );
  }

  paymentAccount(id: number): Promise<PaymentAccountEntity | null> {
    return this.dataSource.getRepository(PaymentAccountEntity).findOneBy({ id });
  }

  async usePaymentAccount(paymentId: number, accountId: number): Promise<void> {
    await this.dataSource
      .getRepository(PaymentEntity)
      .update(paymentId, { paymentAccountId: accountId });
  }
}
