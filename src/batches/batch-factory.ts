import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditLog } from '../auth/audit-log.service';
import { AppError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { toBigInt } from '../database/columns';
import { sqlValue } from '../database/sql-values';
import { ImportRowEntity } from '../imports/entities/import-row.entity';
import type { RowFields } from '../imports/import.types';
import { ImportEntity } from '../imports/entities/import.entity';
import { InvoiceLineEntity } from '../invoices/entities/invoice-line.entity';
import { InvoiceEntity } from '../invoices/entities/invoice.entity';
import { groupInvoiceLines } from '../invoices/invoice-lines';
import { invoiceReference } from '../invoices/invoice-reference';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { totalsInSql } from './batch-content';
import { CONTENT_STATUSES, recordBatchEvent } from './batch-records';
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
  async createFromImport(
    importId: number,
    actor: Actor,
    now = new Date(),
    rowsPerPage = ROWS_PER_PAGE,
  ): Promise<BatchEntity> {
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
      else await this.addPayouts(manager, batch, now, rowsPerPage);
      // Summed by the database: no hash is needed until the pre-flight submits the batch.
      const totals = await totalsInSql(manager, batch.id, CONTENT_STATUSES);
      // Said from the start, not only once the pre-flight has run: a 12,000 USD draft needs two.
      batch.approvalsRequired = approvalsRequired(totals, this.config.batches.twoPersonThresholds);
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
          payments: totals.reduce((sum, t) => sum + t.count, 0),
          totals,
        },
      });
      return batch;
    });
  }

  /**
   * One PENDING payment per valid row whose payee and period have no payment elsewhere. Rows are
   * read a page at a time and their payments inserted a page at a time (multi-row INSERTs), so
   * that a 200,000-row payroll is neither held in memory at once nor looked up with more keys
   * than one SQL statement may bind.
   */
  private async addPayouts(
    manager: EntityManager,
    batch: BatchEntity,
    now: Date,
    rowsPerPage: number,
  ): Promise<void> {
    const connection = manager.connection;
    const changedAt = sqlValue(connection, PaymentEntity, 'statusChangedAt', now);
    const rowNumber = connection.driver.escape('row_number');
    const pageSql = `SELECT id, ${rowNumber} AS source_row, dedupe_key, currency, amount_minor, fields
      FROM import_rows
      WHERE import_id = ? AND status = 'valid' AND id > ?
      ORDER BY id
      LIMIT ${Math.trunc(rowsPerPage)}`;
    let afterId = 0;
    for (;;) {
      const rows = await manager.query<
        {
          id: unknown;
          source_row: unknown;
          dedupe_key: string | null;
          currency: string | null;
          amount_minor: unknown;
          fields: string | null;
        }[]
      >(pageSql, [batch.importId, afterId]);
      if (rows.length === 0) return;
      afterId = Number(rows[rows.length - 1].id);
      const taken = await takenKeys(
        manager,
        rows.map((r) => r.dedupe_key).filter((k): k is string => k !== null),
      );
      const payments: unknown[][] = [];
      for (const r of rows) {
        if (r.dedupe_key === null || taken.has(r.dedupe_key)) continue;
        if (r.amount_minor === null || r.currency === null) continue;
        const fields = (r.fields === null ? null : JSON.parse(r.fields)) as RowFields | null;
        payments.push([
          batch.id,
          Number(r.id),
          Number(r.source_row),
          r.dedupe_key,
          fields?.external_ref ?? fields?.phone ?? '',
          fields?.full_name ?? '',
          fields?.phone ?? '',
          r.currency,
          toBigInt(r.amount_minor).toString(),
          fields?.method ?? null,
          fields?.method ? 'PAWAPAY' : null,
          'PENDING',
          0,
          changedAt,
        ]);
      }
      await insertPayments(manager, payments);
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
    const chunk = keys.slice(i, i + KEYS_PER_LOOKUP);
    const found = await manager.query<{ dedupe_key: string }[]>(
      `SELECT dedupe_key FROM payments WHERE dedupe_key IN (${chunk.map(() => '?').join(', ')})`,
      chunk,
    );
    for (const payment of found) taken.add(payment.dedupe_key);
  }
  return taken;
}

/** The columns a new payout's row sets; every other column of payments starts NULL or default. */
const PAYOUT_COLUMNS = [
  'batch_id',
  'import_row_id',
  'row_number',
  'dedupe_key',
  'external_ref',
  'full_name',
  'phone',
  'currency',
  'amount_minor',
  'method',
  'provider',
  'status',
  'attempt_count',
  'status_changed_at',
] as const;

/** Payments inserted per statement: 14 values each, well under either database's bind limit. */
const PAYMENTS_PER_INSERT = 500;

/** New payouts (values in PAYOUT_COLUMNS order), a multi-row INSERT per 500. */
async function insertPayments(manager: EntityManager, payments: readonly unknown[][]) {
  const columns = PAYOUT_COLUMNS.map((c) => manager.connection.driver.escape(c)).join(', ');
  const tuple = `(${PAYOUT_COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < payments.length; i += PAYMENTS_PER_INSERT) {
    const chunk = payments.slice(i, i + PAYMENTS_PER_INSERT);
    await manager.query(
      `INSERT INTO payments (${columns}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      chunk.flat(),
    );
  }
}
