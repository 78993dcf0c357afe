import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { stringify } from 'lossless-json';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { redactText } from '../common/redact';
import type { Page, PageRequest } from '../common/paging';
import { fetchPage } from '../database/paged-query';
import { DollrClient } from '../dollr/dollr.client';
import type { SourceStatus } from '../dollr/types';
import { fromMinorUnits } from '../money/amount';
import { InvoiceEntity } from './entities/invoice.entity';
import { receiptFeeIn, receiptFigures } from './receipt-figures';

/** An invoice as `batch show` and `GET /batches/:id/invoices` show it. */
export interface InvoiceView {
  readonly invoiceNumber: string;
  readonly customer: string;
  readonly phone: string | null;
  readonly amount: string;
  readonly currency: string;
  /** How it is collected: by a mobile money prompt, or by the customer through its payment link. */
  readonly collection: 'MOBILE_MONEY' | 'PAYMENT_LINK';
  readonly dollrInvoiceId: number | null;
  readonly dollrNumber: string | null;
  /** The Dollr invoice status (IDLE, ACTIVE, PROCESSING, PAID, CANCELED), null before it exists. */
  readonly status: SourceStatus | null;
  readonly paymentLink: string | null;
  readonly paymentStatus: PaymentEntity['status'];
  readonly reason: string | null;
  readonly paidAt: string | null;
  readonly statusChangedAt: string | null;
}

export interface SyncSummary {
  readonly checked: number;
  readonly changed: number;
  readonly paid: number;
  readonly errors: { invoiceNumber: string; error: string }[];
}

/** Statuses in which a Dollr invoice can still change by the customer's doing. */
const OPEN: SourceStatus[] = ['ACTIVE', 'PROCESSING'];

/**
 * Follows invoices on Dollr after they were published: their status (`status/source`) and, once
 * PAID, their receipt (payer and payee amounts, fees, FX). `syncOpenInvoices` is what a schedule
 * calls; `invoices sync` runs it from the CLI.
 */
@Injectable()
export class InvoicesService {
  private readonly logger = new Logger(InvoicesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
  ) {}

  /** Checks every open invoice (and paid ones still missing their receipt) once. */
  async syncOpenInvoices(): Promise<SyncSummary> {
    const invoices = await this.dataSource.getRepository(InvoiceEntity).find({
      where: [
        { dollrInvoiceId: Not(IsNull()), dollrStatus: In(OPEN) },
        { dollrInvoiceId: Not(IsNull()), dollrStatus: 'PAID', receipt: IsNull() },
      ],
      order: { id: 'ASC' },
    });
    let changed = 0;
    let paid = 0;
    const errors: SyncSummary['errors'] = [];
    for (const invoice of invoices) {
      try {
        // Each invoice's own time: what changes is stamped when it was learned.
        const after = await this.refresh(invoice, new Date());
        if (after.dollrStatus !== invoice.dollrStatus) changed += 1;
        if (after.dollrStatus === 'PAID' && invoice.receipt === null && after.receipt !== null)
          paid += 1;
      } catch (error) {
        const message = redactText(error instanceof Error ? error.message : String(error));
        this.logger.warn(`invoice ${invoice.invoiceNumber}: ${message}`);
        errors.push({ invoiceNumber: invoice.invoiceNumber, error: message });
      }
    }
    return { checked: invoices.length, changed, paid, errors };
  }

  /**
   * Reads the invoice's status from Dollr and records it, with the time it changed; a PAID
   * invoice gets its receipt, and its payment (awaiting payment through the link, or a collection
   * that failed before the customer paid by link) becomes COMPLETED.
   */
  async refresh(invoice: InvoiceEntity, now = new Date()): Promise<InvoiceEntity> {
    if (invoice.dollrInvoiceId === null) return invoice;
    const repo = this.dataSource.getRepository(InvoiceEntity);
    const { status } = await this.dollr.sourceStatus({
      source_type: 'INVOICE',
      source_id: invoice.dollrInvoiceId,
    });
    let changes: Partial<InvoiceEntity> = { dollrStatus: status, statusCheckedAt: now };
    if (status !== invoice.dollrStatus) changes.statusChangedAt = now;
    if (status === 'PAID' && invoice.receipt === null) {
      const receipt = await this.dollr.retrieveInvoiceReceipt(invoice.dollrInvoiceId);
      const figures = receiptFigures(receipt, invoice.currency);
      changes = {
        ...changes,
        paidAt: figures.paidAt ?? invoice.statusChangedAt ?? now,
        receiptPayerAmountMinor: figures.payerAmountMinor,
        receiptPayerCurrency: figures.payerCurrency,
        receiptPayeeAmountMinor: figures.payeeAmountMinor,
        receiptPayeeCurrency: figures.payeeCurrency,
        receiptPlatformFeeMinor: figures.platformFeeMinor,
        receiptGatewayFeeMinor: figures.gatewayFeeMinor,
        receiptFxFeeMinor: figures.fxFeeMinor,
        receiptFeeCurrency: figures.feeCurrency,
        receiptFxRate: figures.fxRate,
        receiptProvider: figures.provider,
        receiptProviderTransactionId: figures.providerTransactionId,
        receipt: stringify(receipt) ?? null,
      };
    }
    if (status !== 'PAID') {
      await repo.update(invoice.id, changes);
      return { ...invoice, ...changes };
    }
    // Paid: its payment is COMPLETED too, even when the receipt was stored by an earlier check
    // while a collection attempt of ours was still being resolved (and then ended FAILED).
    const paidInvoice = { ...invoice, ...changes };
    await this.dataSource.transaction(async (manager) => {
      await manager.update(InvoiceEntity, invoice.id, changes);
      const payment = await manager.findOneByOrFail(PaymentEntity, { id: invoice.paymentId });
      if (payment.status !== 'AWAITING_PAYMENT' && payment.status !== 'FAILED') return;
      const sameCurrency = (c: string | null | undefined) => c === payment.currency;
      // Paid without an execution of ours: the receipt is what Dollr says about the money.
      const feeMinor = receiptFeeIn(
        {
          platformFeeMinor: paidInvoice.receiptPlatformFeeMinor,
          gatewayFeeMinor: paidInvoice.receiptGatewayFeeMinor,
          fxFeeMinor: paidInvoice.receiptFxFeeMinor,
          feeCurrency: paidInvoice.receiptFeeCurrency,
        },
        payment.currency,
      );
      await manager.update(
        PaymentEntity,
        { id: payment.id, status: payment.status },
        {
          status: 'COMPLETED',
          reason: null,
          statusChangedAt: now,
          completedAt: paidInvoice.paidAt ?? now,
          // A fee from the time its collection was predicted or failed is replaced by the
          // receipt's, or cleared when the receipt's fees are in another currency.
          feeMinor,
          // Paid without an execution of ours: a declined collection's reference_id, message and
          // transaction are not this payment's (the attempt keeps them).
          referenceId: null,
          gatewayMessage: null,
          providerTransactionId: paidInvoice.receiptProviderTransactionId,
          // Likewise the payer and payee amounts: a prediction or a failed attempt's figures
          // are not what was paid.
          payerAmountMinor: sameCurrency(paidInvoice.receiptPayerCurrency)
            ? paidInvoice.receiptPayerAmountMinor
            : null,
          payeeAmountMinor: sameCurrency(paidInvoice.receiptPayeeCurrency)
            ? paidInvoice.receiptPayeeAmountMinor
            : null,
        },
      );
    });
    return { ...invoice, ...changes };
  }

  /** Refreshes the invoice of a payment whose collection just finished; sync catches up on failure. */
  async refreshForPayment(paymentId: number, now: Date): Promise<void> {
    const invoice = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ paymentId });
    if (invoice === null) return;
    try {
      await this.refresh(invoice, now);
    } catch (error) {
      this.logger.warn(
        `invoice ${invoice.invoiceNumber}: status not read yet (${redactText((error as Error).message)}); invoices sync will`,
      );
    }
  }

  /** Every invoice of a batch (a batch's details show them all). */
  async forBatch(batchId: number): Promise<InvoiceView[]> {
    const invoices = await this.dataSource
      .getRepository(InvoiceEntity)
      .find({ where: { batchId }, order: { id: 'ASC' } });
    return this.viewsOf(invoices);
  }

  /** A page of a batch's invoices, in file order. */
  async pageForBatch(batchId: number, request: PageRequest): Promise<Page<InvoiceView>> {
    const page = await fetchPage(
      this.dataSource
        .getRepository(InvoiceEntity)
        .createQueryBuilder('i')
        .where('i.batch_id = :batchId', { batchId }),
      'i.id',
      'ASC',
      request,
    );
    return { items: await this.viewsOf(page.items), next: page.next };
  }

  private async viewsOf(invoices: InvoiceEntity[]): Promise<InvoiceView[]> {
    if (invoices.length === 0) return [];
    const payments = new Map(
      (
        await this.dataSource
          .getRepository(PaymentEntity)
          .find({ where: { id: In(invoices.map((i) => i.paymentId)) } })
      ).map((p) => [p.id, p]),
    );
    return invoices.flatMap((invoice) => {
      const payment = payments.get(invoice.paymentId);
      if (payment === undefined) return [];
      return [
        {
          invoiceNumber: invoice.invoiceNumber,
          customer: payment.fullName,
          phone: payment.phone === '' ? null : payment.phone,
          amount: fromMinorUnits(invoice.amountMinor, invoice.currency),
          currency: invoice.currency,
          collection: payment.method === null ? 'PAYMENT_LINK' : 'MOBILE_MONEY',
          dollrInvoiceId: invoice.dollrInvoiceId,
          dollrNumber: invoice.dollrNumber,
          status: invoice.dollrStatus,
          paymentLink: invoice.paymentLink,
          paymentStatus: payment.status,
          reason: payment.reason,
          paidAt: invoice.paidAt?.toISOString() ?? null,
          statusChangedAt: invoice.statusChangedAt?.toISOString() ?? null,
        },
      ];
    });
  }
}
