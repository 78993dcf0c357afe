import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DollrClient } from '../dollr/dollr.client';
import type { Invoice } from '../dollr/types';
import { fromMinorUnits, toMinorUnits } from '../money/amount';
import { PaymentNotReadyError } from '../payments/execution-channel';
import { dollrItemFor, planItems } from './dollr-items';
import { InvoiceLineEntity } from './entities/invoice-line.entity';
import { InvoiceEntity } from './entities/invoice.entity';
import { dollrInvoiceNote, noteCarriesReference } from './invoice-reference';

/** The Dollr invoice does not hold what the file says; nothing is collected for it. */
export class InvoiceMismatchError extends Error {}

/** Another worker's create of this invoice may still land: wait for it rather than create again. */
export class InvoiceCreateInFlightError extends PaymentNotReadyError {
  constructor(message: string) {
    super(message, 5_000);
  }
}

/**
 * Creates, fills and publishes one Dollr invoice per ERP invoice, and stores its id, number, status
 * and payment link. Every step can be repeated after a lost answer or a crash without a second
 * invoice or a second item: a "creating" marker is committed before the create call and resolved
 * by finding the invoice by its reference (written into its note) before creating again; items are
 * compared with what the Dollr invoice already has before any is added.
 */
@Injectable()
export class InvoicePublisher {
  private readonly logger = new Logger(InvoicePublisher.name);

  /** How long a create that was sent may still land (a request, its retries and a 429 pause). */
  private readonly createInFlightMs: number;
  /** Creates this process sent that ended without an answer: invoice id → their start time. */
  private readonly endedCreates = new Map<number, number>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dollr: DollrClient,
    config: AppConfig,
  ) {
    this.createInFlightMs = 4 * config.dollr.timeoutMs;
  }

  /** The invoice published on Dollr (or in whatever later status Dollr has it), with its link. */
  async ensurePublished(
    invoiceId: number,
    counterpartyId: number,
    now: Date,
  ): Promise<InvoiceEntity> {
    const repo = this.dataSource.getRepository(InvoiceEntity);
    let invoice = await repo.findOneByOrFail({ id: invoiceId });
    if (invoice.syncState === 'PUBLISHED') return invoice;

    if (invoice.dollrInvoiceId === null) {
      invoice = await this.ensureCreated(invoice, counterpartyId, now);
    }
    const dollrId = invoice.dollrInvoiceId as number;
    let remote = await this.dollr.retrieveInvoice(dollrId);
    if (remote.status === 'IDLE') {
      await this.ensureItems(invoice, remote);
      remote = await this.dollr.retrieveInvoice(dollrId);
      this.checkTotal(invoice, remote);
      remote = await this.dollr.publishInvoice(dollrId);
    } else if (remote.status === 'ACTIVE') {
      this.checkTotal(invoice, remote);
    }
    const status = remote.status ?? null;
    const number = numberOf(remote) ?? invoice.dollrNumber;
    let link = invoice.paymentLink;
    if (status === 'ACTIVE' && number !== null && link === null) {
      link = (await this.dollr.payLink({ source_type: 'INVOICE', source_number: number })).url;
    }
    const published = status !== 'IDLE' && status !== null;
    const changes: Partial<InvoiceEntity> = {
      dollrNumber: number,
      dollrStatus: status,
      paymentLink: link,
      syncState: published ? 'PUBLISHED' : invoice.syncState,
      publishedAt: published ? (invoice.publishedAt ?? now) : null,
      statusCheckedAt: now,
      ...(status !== invoice.dollrStatus ? { statusChangedAt: now } : {}),
    };
    await repo.update(invoice.id, changes);
    return { ...invoice, ...changes };
  }

  /**
   * CREATING and its time are committed before the create is sent, as a claim: only the worker
   * whose update moved the row sends. A CREATING left by another worker is resolved by a lookup,
   * once its create can no longer be in flight; then the next create is claimed the same way.
   */
  private async ensureCreated(
    invoice: InvoiceEntity,
    counterpartyId: number,
    now: Date,
  ): Promise<InvoiceEntity> {
    const repo = this.dataSource.getRepository(InvoiceEntity);
    if (invoice.syncState === 'CREATING') {
      const started = invoice.createStartedAt;
      const ended = started !== null && this.endedCreates.get(invoice.id) === started.getTime();
      if (started !== null && !ended && now.getTime() - started.getTime() < this.createInFlightMs) {
        throw new InvoiceCreateInFlightError(
          `invoice ${invoice.invoiceNumber} is being created on Dollr by another worker`,
        );
      }
      const found = await this.findByReference(invoice, counterpartyId);
      if (found !== undefined) return this.remember(invoice, found, now);
      const claimed = await repo.update(
        { id: invoice.id, syncState: 'CREATING', createStartedAt: started ?? IsNull() },
        { createStartedAt: now },
      );
      if ((claimed.affected ?? 0) === 0) throw this.lostClaim(invoice);
    } else {
      const claimed = await repo.update(
        { id: invoice.id, syncState: 'NEW' },
        { syncState: 'CREATING', createStartedAt: now },
      );
      if ((claimed.affected ?? 0) === 0) throw this.lostClaim(invoice);
    }
    let created: Invoice;
    try {
      created = await this.dollr.createInvoice({
        counterparty_id: counterpartyId,
        currency: invoice.currency,
        fee_bearer: invoice.feeBearer,
        as_payment_link: true,
        note: dollrInvoiceNote(invoice.invoiceNumber, invoice.note, invoice.reference),
        ...(invoice.dueDate === null ? {} : { due_date: `${invoice.dueDate}T23:59:59Z` }),
      });
    } catch (error) {
      // This create is over, whatever Dollr made of it: this process looks it up at once next time.
      this.endedCreates.set(invoice.id, now.getTime());
      throw error;
    }
    this.endedCreates.delete(invoice.id);
    return this.remember(invoice, created, now);
  }

  private lostClaim(invoice: InvoiceEntity): InvoiceCreateInFlightError {
    return new InvoiceCreateInFlightError(
      `invoice ${invoice.invoiceNumber} was claimed by another worker a moment ago`,
    );
  }

  private async remember(
    invoice: InvoiceEntity,
    remote: Invoice,
    now: Date,
  ): Promise<InvoiceEntity> {
    const changes: Partial<InvoiceEntity> = {
      syncState: 'CREATED',
      dollrInvoiceId: remote.id,
      dollrNumber: numberOf(remote),
      dollrStatus: remote.status ?? 'IDLE',
      statusCheckedAt: now,
      statusChangedAt: now,
    };
    await this.dataSource.getRepository(InvoiceEntity).update(invoice.id, changes);
    return { ...invoice, ...changes };
  }

  /**
   * The Dollr invoice carrying this invoice's reference. Should a create have landed twice (an
   * answer lost after a timeout, while the lookup ran), the oldest is kept and the others, still
   * IDLE and never shown to anyone, are canceled.
   */
  private async findByReference(
    invoice: InvoiceEntity,
    counterpartyId: number,
  ): Promise<Invoice | undefined> {
    // An invoice whose id was never stored cannot have been published: only IDLE ones are read.
    const found = (await this.dollr.listInvoices({ currency: invoice.currency, status: 'IDLE' }))
      .filter((i) => noteCarriesReference(i.note, invoice.reference))
      .filter((i) => i.counterparty_id === undefined || i.counterparty_id === counterpartyId)
      .sort((a, b) => a.id - b.id);
    for (const extra of found.slice(1)) {
      if (extra.status !== 'IDLE') continue;
      this.logger.warn(
        `invoice ${invoice.invoiceNumber}: Dollr invoice ${extra.id} was created twice; canceling it`,
      );
      await this.dollr.cancelInvoice(extra.id);
    }
    return found[0];
  }

  private async ensureItems(invoice: InvoiceEntity, remote: Invoice): Promise<void> {
    const lines = this.dataSource.getRepository(InvoiceLineEntity);
    const local = await lines.find({ where: { invoiceId: invoice.id }, order: { id: 'ASC' } });
    const plan = planItems(local, remote.invoice_items ?? [], invoice.currency);
    const dollrId = invoice.dollrInvoiceId as number;
    for (const { lineId, itemId } of plan.matched) {
      if (local.find((l) => l.id === lineId)?.dollrItemId !== itemId) {
        await lines.update(lineId, { dollrItemId: itemId });
      }
    }
    for (const itemId of plan.extra) await this.dollr.removeInvoiceItem(dollrId, itemId);
    for (const line of plan.missing) {
      const item = dollrItemFor(line, invoice.currency);
      const added = await this.dollr.addInvoiceItem(dollrId, {
        name: item.name,
        currency: invoice.currency,
        qty: item.qty,
        amount: item.amount,
      });
      await lines.update(line.id, { dollrItemId: added.id });
    }
  }

  /** Never collect an amount other than the file's. */
  private checkTotal(invoice: InvoiceEntity, remote: Invoice): void {
    const total = remote.total_amount;
    let minor: bigint | null;
    try {
      minor = total === undefined ? null : toMinorUnits(String(total), invoice.currency);
    } catch {
      minor = null;
    }
    if (minor !== invoice.amountMinor) {
      throw new InvoiceMismatchError(
        `Dollr invoice ${remote.id} totals ${String(total)} ${invoice.currency}, but invoice ${invoice.invoiceNumber} totals ${fromMinorUnits(invoice.amountMinor, invoice.currency)}`,
      );
    }
  }
}

/** Dollr's number of the invoice; the field name is not documented (`invoice_number`, `source_number`). */
export function numberOf(remote: Invoice): string | null {
  for (const key of ['invoice_number', 'source_number', 'number']) {
    const value = remote[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}
