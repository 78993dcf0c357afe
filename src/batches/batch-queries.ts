import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { Page, PageRequest } from '../common/paging';
import { AppConfig } from '../config/app-config';
import { readSum, sumAsTextSql } from '../database/money-sql';
import { fetchPage } from '../database/paged-query';
import { ImportEntity } from '../imports/entities/import.entity';
import { type InvoiceView, InvoicesService } from '../invoices/invoices.service';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';
import { batchNotFound } from './batch-errors';
import { totalsInSql } from './batch-content';
import { approvalsRequired, type totalsByCurrency } from './batch-totals';
import { BatchApprovalEntity } from './entities/batch-approval.entity';
import { BatchEntity } from './entities/batch.entity';

type CountedStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELED';

/**
 * The `batch show --json` / `GET /batches/:id` contract. Invoice batches also count
 * AWAITING_PAYMENT: invoices published with a payment link for the customer to pay.
 */
export interface BatchView {
  readonly batchId: number;
  readonly status: BatchEntity['status'];
  readonly counts: Record<CountedStatus, number> & { AWAITING_PAYMENT?: number };
  readonly totals: {
    currency: string;
    requested: string;
    completed: string;
    failed: string;
    fees: string;
  }[];
}

export interface BatchDetails extends BatchView {
  readonly kind: BatchEntity['kind'];
  readonly importId: number;
  /** Payout batches: the pay period the payments share (null when they differ). */
  readonly period: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly statusReason: string | null;
  readonly approvalsRequired: number;
  readonly approvals: { approvedBy: string; approvedAt: string; valid: boolean }[];
  readonly rejected: number;
  /** Invoice batches: each invoice, its Dollr invoice, status and payment link. */
  readonly invoices?: InvoiceView[];
  /** Payments flagged STUCK by the status poll (PROCESSING too long): exceptions for an operator. */
  readonly stuck: {
    row: number;
    externalRef: string;
    phone: string;
    referenceId: string | null;
    stuckAt: string;
    reason: string | null;
  }[];
  readonly preflight: {
    readonly at: string | null;
    /** Payments checked (or rejected) so far, out of `total`: a pre-flight stopped midway goes on. */
    readonly checked: number;
    readonly total: number;
    readonly totals: ReturnType<typeof totalsByCurrency>;
    readonly rejections: {
      row: number;
      externalRef: string;
      phone: string;
      reason: string | null;
    }[];
  };
}

const COUNTED: readonly CountedStatus[] = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
];

/** Payments that are part of the batch (everything but pre-flight rejections). */
const LIVE: readonly PaymentStatus[] = [...COUNTED, 'AWAITING_PAYMENT'];

/** What the stuck list and the rejection list of `details` show of a payment. */
const STUCK_COLUMNS = {
  id: true,
  rowNumber: true,
  externalRef: true,
  phone: true,
  referenceId: true,
  stuckAt: true,
  stuckReason: true,
} as const;
const REJECTION_COLUMNS = {
  id: true,
  rowNumber: true,
  externalRef: true,
  phone: true,
  reason: true,
} as const;

/** Batches as operators see them: read only, never changing what they read. */
@Injectable()
export class BatchQueries {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly invoices: InvoicesService,
  ) {}

  async get(batchId: number): Promise<BatchEntity> {
    const batch = await this.dataSource.getRepository(BatchEntity).findOneBy({ id: batchId });
    if (batch === null) throw batchNotFound(batchId);
    return batch;
  }

  async viewOf(batchId: number): Promise<BatchView> {
    return this.view(await this.get(batchId));
  }

  /** Batches newest first, a page at a time. */
  async list(request: PageRequest): Promise<Page<BatchView>> {
    const page = await fetchPage(
      this.dataSource.getRepository(BatchEntity).createQueryBuilder('b'),
      'b.id',
      'DESC',
      request,
    );
    return { items: await Promise.all(page.items.map((b) => this.view(b))), next: page.next };
  }

  /** Status, counts and money totals per currency (the `--json` contract of batch show). */
  async view(batch: BatchEntity): Promise<BatchView> {
    const rows = await this.dataSource
      .getRepository(PaymentEntity)
      .createQueryBuilder('p')
      .select('p.currency', 'currency')
      .addSelect('p.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .addSelect(sumAsTextSql(this.dataSource, 'p.amount_minor'), 'amount')
      .addSelect(sumAsTextSql(this.dataSource, 'p.fee_minor'), 'fees')
      .where('p.batch_id = :id', { id: batch.id })
      .groupBy('p.currency')
      .addGroupBy('p.status')
      .getRawMany<{
        currency: CurrencyCode;
        status: PaymentStatus;
        count: number | string;
        amount: unknown;
        fees: unknown;
      }>();
    const counted: readonly PaymentStatus[] = batch.kind === 'INVOICE' ? LIVE : COUNTED;
    const counts = Object.fromEntries(counted.map((s) => [s, 0])) as Record<string, number>;
    const sums = new Map<
      CurrencyCode,
      { requested: bigint; completed: bigint; failed: bigint; fees: bigint }
    >();
    for (const row of rows) {
      if (!counted.includes(row.status)) continue;
      counts[row.status] = (counts[row.status] ?? 0) + Number(row.count);
      const sum = sums.get(row.currency) ?? { requested: 0n, completed: 0n, failed: 0n, fees: 0n };
      const amount = readSum(row.amount);
      sum.requested += amount;
      sum.fees += readSum(row.fees);
      if (row.status === 'COMPLETED') sum.completed += amount;
      if (row.status === 'FAILED') sum.failed += amount;
      sums.set(row.currency, sum);
    }
    const totals = [...sums.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, s]) => ({
        currency,
        requested: fromMinorUnits(s.requested, currency),
        completed: fromMinorUnits(s.completed, currency),
        failed: fromMinorUnits(s.failed, currency),
        fees: fromMinorUnits(s.fees, currency),
      }));
    return {
      batchId: batch.id,
      status: batch.status,
      counts: counts as BatchView['counts'],
      totals,
    };
  }

  async details(batchId: number): Promise<BatchDetails> {
    const batch = await this.get(batchId);
    const payments = this.dataSource.getRepository(PaymentEntity);
    const [view, liveTotals, stuck, rejected, approvals, invoices, source, inPreflight, unchecked] =
      await Promise.all([
        this.view(batch),
        // Summed by the database: a batch of any size is never loaded to be shown.
        totalsInSql(this.dataSource, batchId, LIVE),
        payments.find({
          select: STUCK_COLUMNS,
          where: { batchId, status: In(LIVE), stuckAt: Not(IsNull()) },
          order: { rowNumber: 'ASC', id: 'ASC' },
        }),
        payments.find({
          select: REJECTION_COLUMNS,
          where: { batchId, status: 'REJECTED' },
          order: { rowNumber: 'ASC' },
        }),
        this.dataSource
          .getRepository(BatchApprovalEntity)
          .find({ where: { batchId }, order: { id: 'ASC' } }),
        batch.kind === 'INVOICE' ? this.invoices.forBatch(batchId) : Promise.resolve(undefined),
        this.dataSource
          .getRepository(ImportEntity)
          .findOne({ where: { id: batch.importId }, select: { id: true, period: true } }),
        payments.countBy({ batchId, status: Not('CANCELED') }),
        payments.countBy({ batchId, status: Not('CANCELED'), preflightAt: IsNull() }),
      ]);
    return {
      ...view,
      kind: batch.kind,
      importId: batch.importId,
      period: source?.period ?? null,
      createdBy: batch.createdBy,
      createdAt: batch.createdAt.toISOString(),
      expiresAt: batch.expiresAt.toISOString(),
      statusReason: batch.statusReason,
      // A draft's totals may still change (until its pre-flight fixes them): said as they are now.
      approvalsRequired:
        batch.status === 'DRAFT'
          ? approvalsRequired(view.totals, this.config.batches.twoPersonThresholds)
          : batch.approvalsRequired,
      approvals: approvals.map((a) => ({
        approvedBy: a.approvedBy,
        approvedAt: a.approvedAt.toISOString(),
        valid: a.voidedAt === null && a.contentHash === batch.contentHash,
      })),
      rejected: rejected.length,
      stuck: stuck.map((p) => ({
        row: p.rowNumber,
        externalRef: p.externalRef,
        phone: p.phone,
        referenceId: p.referenceId,
        stuckAt: (p.stuckAt as Date).toISOString(),
        reason: p.stuckReason,
      })),
      preflight: {
        at: batch.preflightAt?.toISOString() ?? null,
        checked: inPreflight - unchecked,
        total: inPreflight,
        totals: liveTotals,
        rejections: rejected.map((p) => ({
          row: p.rowNumber,
          externalRef: p.externalRef,
          phone: p.phone,
          reason: p.reason,
        })),
      },
      ...(invoices === undefined ? {} : { invoices }),
    };
  }
}
