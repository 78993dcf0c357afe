import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { Page, PageRequest } from '../common/paging';
import { AppConfig } from '../config/app-config';
import { fetchPage } from '../database/paged-query';
import { ImportEntity } from '../imports/entities/import.entity';
import { type InvoiceView, InvoicesService } from '../invoices/invoices.service';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';
import { batchNotFound } from './batch-errors';
import { type PaymentGroup, paymentGroups, totalsOfGroups } from './batch-content';
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
    return viewOfGroups(batch, await paymentGroups(this.dataSource, batch.id));
  }

  async details(batchId: number): Promise<BatchDetails> {
    const batch = await this.get(batchId);
    const payments = this.dataSource.getRepository(PaymentEntity);
    // One pass over the batch gives the counts, the totals and the pre-flight's progress; only
    // what is listed row by row (stuck payments, pre-flight rejections) is read as rows.
    const groups = await paymentGroups(this.dataSource, batchId);
    const view = viewOfGroups(batch, groups);
    const countOf = (keep: (g: PaymentGroup) => boolean) =>
      groups.filter(keep).reduce((n, g) => n + g.count, 0);
    const inPreflight = countOf((g) => g.status !== 'CANCELED');
    const unchecked = countOf((g) => g.status !== 'CANCELED' && !g.checked);
    const anyStuck = groups.some((g) => g.stuck && LIVE.includes(g.status));
    const anyRejected = groups.some((g) => g.status === 'REJECTED');
    const [stuck, rejected, approvals, invoices, source] = await Promise.all([
      anyStuck
        ? payments.find({
            select: STUCK_COLUMNS,
            where: { batchId, status: In(LIVE), stuckAt: Not(IsNull()) },
            order: { rowNumber: 'ASC', id: 'ASC' },
          })
        : Promise.resolve([]),
      anyRejected
        ? payments.find({
            select: REJECTION_COLUMNS,
            where: { batchId, status: 'REJECTED' },
            order: { rowNumber: 'ASC' },
          })
        : Promise.resolve([]),
      this.dataSource
        .getRepository(BatchApprovalEntity)
        .find({ where: { batchId }, order: { id: 'ASC' } }),
      batch.kind === 'INVOICE' ? this.invoices.forBatch(batchId) : Promise.resolve(undefined),
      this.dataSource
        .getRepository(ImportEntity)
        .findOne({ where: { id: batch.importId }, select: { id: true, period: true } }),
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
        totals: totalsOfGroups(groups, LIVE),
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

/** Status, counts and money totals per currency, from the batch's payment groups. */
function viewOfGroups(batch: BatchEntity, groups: readonly PaymentGroup[]): BatchView {
  const counted: readonly PaymentStatus[] = batch.kind === 'INVOICE' ? LIVE : COUNTED;
  const counts = Object.fromEntries(counted.map((s) => [s, 0])) as Record<string, number>;
  const sums = new Map<
    CurrencyCode,
    { requested: bigint; completed: bigint; failed: bigint; fees: bigint }
  >();
  for (const group of groups) {
    if (!counted.includes(group.status)) continue;
    counts[group.status] = (counts[group.status] ?? 0) + group.count;
    const sum = sums.get(group.currency) ?? { requested: 0n, completed: 0n, failed: 0n, fees: 0n };
    sum.requested += group.amount;
    sum.fees += group.fees;
    if (group.status === 'COMPLETED') sum.completed += group.amount;
    if (group.status === 'FAILED') sum.failed += group.amount;
    sums.set(group.currency, sum);
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
