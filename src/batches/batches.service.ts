import { samePerson } from '../auth/identity';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, MoreThan, type EntityManager } from 'typeorm';
import { type Actor, SYSTEM_ACTOR } from '../auth/actor';
import { type AuditAction, AuditLog } from '../auth/audit-log.service';
import { AppConfig } from '../config/app-config';
import { redactText } from '../common/redact';
import { readSum, sumAsTextSql } from '../database/money-sql';
import { sqlValue } from '../database/sql-values';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportEntity } from '../imports/entities/import.entity';
import type { ImportSummary } from '../imports/import.types';
import { AppError } from '../common/app-error';
import { InvoiceLineEntity } from '../invoices/entities/invoice-line.entity';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { invoiceReference } from '../invoices/invoice-reference';
import { groupInvoiceLines } from '../invoices/invoice-lines';
import { type InvoiceView, InvoicesService } from '../invoices/invoices.service';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import { batchNotFound, batchState } from './batch-errors';
import type { Page, PageRequest } from '../common/paging';
import { fetchPage } from '../database/paged-query';
import { type BatchEvent, type BatchStatus, canBatch, nextBatchStatus } from './batch-status';
import { approvalsRequired, totalsByCurrency } from './batch-totals';
import { batchContentHash } from './content-hash';
import { BatchApprovalEntity } from './entities/batch-approval.entity';
import { BatchEntity } from './entities/batch.entity';
import { PaymentEntity, type PaymentStatus } from '../payments/entities/payment.entity';

/** What a batch-expiry run did; `firstError` says why the first batch it could not cancel failed. */
export interface ExpiryRun {
  expired: number;
  changedMeanwhile: number;
  failed: number;
  firstError: string | null;
}

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

/** Batches: made from imports, approved by a second person, and controlled by operators. */
@Injectable()
export class BatchesService {
  private readonly logger = new Logger(BatchesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly invoices: InvoicesService,
  ) {}

  /**
   * The batch of an import (created on first call). Payables: one PENDING payment per valid row;
   * rows whose payee and period already have a payment elsewhere are left out: never paid twice.
   * Receivables: one invoice (and one PENDING payment, its collection) per invoice number, made of
   * its valid lines; an invoice number already in another batch is left out.
   */
  async createFromImport(importId: number, actor: Actor, now = new Date()): Promise<BatchEntity> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await manager.findOneBy(BatchEntity, { importId });
      if (existing !== null) return existing;
      const imp = await manager.findOneBy(ImportEntity, { id: importId });
      if (imp === null)
        throw new AppError('IMPORT_NOT_FOUND', `There is no import ${importId}.`, 404);
      const batch = await manager.save(
        manager.create(BatchEntity, {
          importId,
          kind: imp.kind === 'receivables' ? 'INVOICE' : 'PAYOUT',
          status: 'DRAFT',
          relationshipType: imp.relationshipType,
          createdBy: imp.createdBy,
          createdAt: now,
          updatedAt: now,
          expiresAt: new Date(now.getTime() + this.config.batches.approvalExpiryDays * 86_400_000),
          preflightAt: null,
          contentHash: null,
          approvalsRequired: 1,
          statusReason: null,
          startedAt: null,
          finishedAt: null,
        }),
      );
      if (imp.kind === 'receivables') await this.addInvoices(manager, batch, now);
      else await this.addPayouts(manager, batch, now);
      const content = await this.content(manager, batch);
      // Said from the start, not only once the pre-flight has run: a 12,000 USD draft needs two.
      batch.approvalsRequired = approvalsRequired(
        content.totals,
        this.config.batches.twoPersonThresholds,
      );
      await manager.update(BatchEntity, batch.id, {
        approvalsRequired: batch.approvalsRequired,
      });
      await this.record(manager, actor, 'batch.created', batch, now, {
        kind: batch.kind,
        payments: content.totals.reduce((sum, t) => sum + t.count, 0),
        totals: content.totals,
      });
      return batch;
    });
  }

  /**
   * One PENDING payment per valid row whose payee and period have no payment elsewhere. Rows are
   * read a page at a time, so that a 200,000-row payroll is neither held in memory at once nor
   * looked up with more keys than one SQL statement may bind.
   */
  private async addPayouts(manager: EntityManager, batch: BatchEntity, now: Date): Promise<void> {
    const importId = batch.importId;
    let afterId = 0;
    for (;;) {
      const rows = await manager.find(ImportRowEntity, {
        where: { importId, status: 'valid', id: MoreThan(afterId) },
        order: { id: 'ASC' },
        take: ROWS_PER_PAGE,
      });
      if (rows.length === 0) return;
      afterId = rows[rows.length - 1].id;
      const taken = await takenKeys(
        manager,
        rows.map((r) => r.dedupeKey).filter((k): k is string => k !== null),
      );
      const payments = rows
        .filter(
          (r) =>
            r.dedupeKey !== null &&
            !taken.has(r.dedupeKey) &&
            r.amountMinor !== null &&
            r.currency !== null,
        )
        .map((r) =>
          manager.create(PaymentEntity, {
            batchId: batch.id,
            importRowId: r.id,
            rowNumber: r.rowNumber,
            dedupeKey: r.dedupeKey as string,
            externalRef: r.fields?.external_ref ?? r.fields?.phone ?? '',
            fullName: r.fields?.full_name ?? '',
            phone: r.fields?.phone ?? '',
            currency: r.currency as CurrencyCode,
            amountMinor: r.amountMinor as bigint,
            method: r.fields?.method ?? null,
            provider: r.fields?.method ? 'PAWAPAY' : null,
            ...unsentPayment(now),
          }),
        );
      for (let i = 0; i < payments.length; i += 500) await manager.save(payments.slice(i, i + 500));
    }
  }

  /** One invoice and its collection (a payment) per invoice number of the import's valid lines. */
  private async addInvoices(manager: EntityManager, batch: BatchEntity, now: Date): Promise<void> {
    const rows = await manager.find(ImportRowEntity, {
      where: { importId: batch.importId },
      order: { rowNumber: 'ASC' },
    });
    const groups = groupInvoiceLines(rows);
    const taken = await takenKeys(
      manager,
      groups.map((g) => g.dedupeKey),
    );
    for (const group of groups) {
      if (taken.has(group.dedupeKey)) continue;
      const payment = await manager.save(
        manager.create(PaymentEntity, {
          batchId: batch.id,
          importRowId: group.lines[0].importRowId,
          rowNumber: group.lines[0].rowNumber,
          dedupeKey: group.dedupeKey,
          externalRef: group.customer.externalRef,
          fullName: group.customer.fullName,
          phone: group.customer.phone ?? '',
          currency: group.currency,
          amountMinor: group.amountMinor,
          method: null,
          provider: null,
          ...unsentPayment(now),
        }),
      );
      const invoice = await manager.save(
        manager.create(InvoiceEntity, {
          batchId: batch.id,
          paymentId: payment.id,
          invoiceNumber: group.invoiceNumber,
          reference: invoiceReference(group.dedupeKey),
          currency: group.currency,
          amountMinor: group.amountMinor,
          feeBearer: group.feeBearer,
          dueDate: group.dueDate,
          note: group.note,
          email: group.customer.email,
          syncState: 'NEW' as const,
          dollrInvoiceId: null,
          dollrNumber: null,
          dollrStatus: null,
          paymentLink: null,
          createStartedAt: null,
          publishedAt: null,
          statusCheckedAt: null,
          statusChangedAt: null,
          paidAt: null,
          receiptPayerAmountMinor: null,
          receiptPayerCurrency: null,
          receiptPayeeAmountMinor: null,
          receiptPayeeCurrency: null,
          receiptPlatformFeeMinor: null,
          receiptGatewayFeeMinor: null,
          receiptFxFeeMinor: null,
          receiptFeeCurrency: null,
          receiptFxRate: null,
          receiptProvider: null,
          receiptProviderTransactionId: null,
          receipt: null,
        }),
      );
      await manager.save(
        group.lines.map((line) =>
          manager.create(InvoiceLineEntity, { ...line, invoiceId: invoice.id, dollrItemId: null }),
        ),
      );
    }
  }

  /** The batch a freshly stored import became: payables and receivables with valid rows. */
  async batchIdForImport(summary: ImportSummary, actor: Actor): Promise<number | null> {
    if (summary.status !== 'imported' || summary.importId === null) return null;
    if (summary.valid === 0) return null;
    return (await this.createFromImport(summary.importId, actor)).id;
  }

  async get(batchId: number): Promise<BatchEntity> {
    const batch = await this.dataSource.getRepository(BatchEntity).findOneBy({ id: batchId });
    if (batch === null) throw batchNotFound(batchId);
    return batch;
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
    const [view, live, rejected, approvals, invoices, source] = await Promise.all([
      this.view(batch),
      payments.find({ where: { batchId, status: In(LIVE) } }),
      payments.find({ where: { batchId, status: 'REJECTED' }, order: { rowNumber: 'ASC' } }),
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
      stuck: live
        .filter((p) => p.stuckAt !== null)
        .sort((a, b) => a.rowNumber - b.rowNumber)
        .map((p) => ({
          row: p.rowNumber,
          externalRef: p.externalRef,
          phone: p.phone,
          referenceId: p.referenceId,
          stuckAt: (p.stuckAt as Date).toISOString(),
          reason: p.stuckReason,
        })),
      preflight: {
        at: batch.preflightAt?.toISOString() ?? null,
        totals: totalsByCurrency(live),
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

  /** DRAFT -> AWAITING_APPROVAL once pre-flight is done; earlier approvals are voided. */
  async submitForApproval(batchId: number, now: Date, actor: Actor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const batch = await this.locked(manager, batchId);
      if (batch.status !== 'DRAFT' && batch.status !== 'AWAITING_APPROVAL') {
        throw batchState(batchId, batch.status, 'be checked again');
      }
      const content = await this.content(manager, batch);
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
      const batch = await this.locked(manager, batchId);
      if (batch.status !== 'AWAITING_APPROVAL')
        throw batchState(batchId, batch.status, 'be approved');
      if (isExpired(batch, now)) throw batchExpired(batch, this.config.batches.approvalExpiryDays);
      if (samePerson(user, batch.createdBy)) {
        throw new AppError(
          'MAKER_CHECKER',
          `${user} imported this batch and cannot approve it: a different person must approve.`,
          403,
        );
      }
      const content = await this.content(manager, batch);
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
    return this.details(batchId);
  }

  /** APPROVED -> RUNNING, after checking the approvals still match the content. */
  async start(batchId: number, actor: Actor, now = new Date()): Promise<void> {
    const voided = await this.dataSource.transaction(async (manager) => {
      const batch = await this.locked(manager, batchId);
      if (batch.status === 'RUNNING') return false;
      if (!canBatch(batch.status, 'run')) {
        throw batchState(batchId, batch.status, 'run (it must be approved first)');
      }
      const content = await this.content(manager, batch);
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
      const failed = await manager.find(PaymentEntity, { where: { batchId, status: 'FAILED' } });
      const result = await manager.update(
        PaymentEntity,
        { batchId, status: 'FAILED' },
        { status: 'PENDING', reason: null, statusChangedAt: now, nextCheckAt: null },
      );
      await this.record(manager, actor, 'batch.retry_failed', batch, now, {
        payments: result.affected ?? 0,
        totals: totalsByCurrency(failed).map((t) => ({
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
          const batch = await this.locked(manager, Number(id));
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
    const batch = await this.locked(manager, batchId);
    if (!canBatch(batch.status, event))
      throw batchState(batchId, batch.status, event.replace('-', ' '));
    await manager.update(BatchEntity, batchId, {
      ...changes,
      status: nextBatchStatus(batch.status, event),
      updatedAt: now,
    });
    return batch;
  }

  /** An audit entry for the batch, in the transaction of the change it records. */
  private async record(
    manager: EntityManager,
    actor: Actor,
    action: AuditAction,
    batch: BatchEntity,
    at: Date,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(manager, {
      actor,
      action,
      subject: { type: 'batch', id: batch.id, importId: batch.importId },
      details: { from: batch.status, ...details },
      at,
    });
  }

  /** The batch row, locked for update on MySQL (SQLite serialises writers itself). */
  private async locked(manager: EntityManager, batchId: number): Promise<BatchEntity> {
    const query = manager.createQueryBuilder(BatchEntity, 'b').where('b.id = :id', { id: batchId });
    if (this.dataSource.options.type === 'mysql') query.setLock('pessimistic_write');
    const batch = await query.getOne();
    if (batch === null) throw batchNotFound(batchId);
    return batch;
  }

  private async content(manager: EntityManager, batch: BatchEntity) {
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

/** The state of a payment not yet pre-flighted or sent. */
function unsentPayment(now: Date) {
  return {
    feeMinor: null,
    payerAmountMinor: null,
    payeeAmountMinor: null,
    status: 'PENDING' as const,
    reason: null,
    payeeId: null,
    paymentAccountId: null,
    attemptCount: 0,
    leaseOwner: null,
    leaseExpiresAt: null,
    nextCheckAt: null,
    statusChangedAt: now,
    completedAt: null,
  };
}

/** Import rows read at a time when a batch is created, and keys looked up per statement. */
const ROWS_PER_PAGE = 2_000;
const KEYS_PER_LOOKUP = 1_000;

/**
 * The keys among `keys` that some payment already has. Looked up a thousand at a time: SQLite
 * binds at most 32,766 values per statement, MySQL 65,535.
 */
async function takenKeys(manager: EntityManager, keys: readonly string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
    const payments = await manager.find(PaymentEntity, {
      select: { dedupeKey: true },
      where: { dedupeKey: In(keys.slice(i, i + KEYS_PER_LOOKUP)) },
    });
    for (const payment of payments) taken.add(payment.dedupeKey);
  }
  return taken;
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
