import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, MoreThan, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import { ImportEntity } from '../imports/entities/import.entity';
import { InvoiceLineEntity } from '../invoices/entities/invoice-line.entity';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { groupInvoiceLines } from '../invoices/invoice-lines';
import { invoiceReference } from '../invoices/invoice-reference';
import type { CurrencyCode } from '../money/currency';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { batchContent, recordBatchEvent } from './batch-records';
import { approvalsRequired } from './batch-totals';
import { BatchEntity } from './entities/batch.entity';

/** Makes the batch of an import: its payments (and, for receivables, its invoices). */
@Injectable()
export class BatchFactory {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
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
      const content = await batchContent(manager, batch);
      // Said from the start, not only once the pre-flight has run: a 12,000 USD draft needs two.
      batch.approvalsRequired = approvalsRequired(
        content.totals,
        this.config.batches.twoPersonThresholds,
      );
      await manager.update(BatchEntity, batch.id, {
        approvalsRequired: batch.approvalsRequired,
      });
      await recordBatchEvent(this.audit, manager, {
        actor,
        action: 'batch.created',
        batch,
        at: now,
        details: {
          kind: batch.kind,
          payments: content.totals.reduce((sum, t) => sum + t.count, 0),
          totals: content.totals,
        },
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

  /** The batch already made from the import, or null. */
  existingBatch(importId: number): Promise<BatchEntity | null> {
    return this.dataSource.getRepository(BatchEntity).findOneBy({ importId });
  }
}

/** The state of a payment not yet pre-flighted or sent. */
function unsentPayment(now: Date) {
  return {
    feeMinor: null,
    payerAmountMinor: null,
    payeeAmountMinor: null,
    status: 'PENDING' as const,
    preflightAt: null,
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
