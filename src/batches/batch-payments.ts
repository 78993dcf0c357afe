import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Page, PageRequest } from '../common/paging';
import { fetchPage } from '../database/paged-query';
import { fromMinorUnits } from '../money/amount';
import { batchNotFound } from './batch-errors';
import { BatchEntity } from './entities/batch.entity';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';

/** A payment as `GET /batches/:id/payments` and `batch payments` show it. */
export interface BatchPaymentView {
  id: number;
  row: number;
  externalRef: string;
  fullName: string;
  phone: string;
  amount: string;
  currency: string;
  method: string | null;
  provider: string | null;
  fee: string | null;
  status: PaymentStatus;
  reason: string | null;
  attempts: number;
  referenceId: string | null;
  providerTransactionId: string | null;
  gatewayMessage: string | null;
  payerAmount: string | null;
  payeeAmount: string | null;
  stuck: boolean;
  stuckAt: string | null;
  stuckReason: string | null;
  statusChangedAt: string;
  completedAt: string | null;
}

/** A batch's payments in row order, a page at a time: a batch of any size never sits in memory. */
@Injectable()
export class BatchPayments {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(
    batchId: number,
    status: PaymentStatus | undefined,
    request: PageRequest,
  ): Promise<Page<BatchPaymentView>> {
    if (!(await this.dataSource.getRepository(BatchEntity).existsBy({ id: batchId }))) {
      throw batchNotFound(batchId);
    }
    const query = this.dataSource
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .where('p.batch_id = :batchId', { batchId });
    if (status !== undefined) query.andWhere('p.status = :status', { status });
    const page = await fetchPage(query, 'p.id', 'ASC', request);
    return { items: page.items.map(viewOf), next: page.next };
  }
}

function viewOf(p: PaymentEntity): BatchPaymentView {
  return {
    id: p.id,
    row: p.rowNumber,
    externalRef: p.externalRef,
    fullName: p.fullName,
    phone: p.phone,
    amount: fromMinorUnits(p.amountMinor, p.currency),
    currency: p.currency,
    method: p.method,
    provider: p.provider,
    fee: p.feeMinor === null ? null : fromMinorUnits(p.feeMinor, p.currency),
    status: p.status,
    reason: p.reason,
    attempts: p.attemptCount,
    referenceId: p.referenceId,
    providerTransactionId: p.providerTransactionId,
    gatewayMessage: p.gatewayMessage,
    payerAmount:
      p.payerAmountMinor === null ? null : fromMinorUnits(p.payerAmountMinor, p.currency),
    payeeAmount:
      p.payeeAmountMinor === null ? null : fromMinorUnits(p.payeeAmountMinor, p.currency),
    stuck: p.stuckAt !== null,
    stuckAt: p.stuckAt?.toISOString() ?? null,
    stuckReason: p.stuckReason,
    statusChangedAt: p.statusChangedAt.toISOString(),
    completedAt: p.completedAt?.toISOString() ?? null,
  };
}
