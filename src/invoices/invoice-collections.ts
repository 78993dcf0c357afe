import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DollrValidationError } from '../dollr/errors';
import {
  type CollectableInvoice,
  CollectionInvoices,
  InvoiceNotPublishableError,
} from '../payments/collection-invoices';
import { InvoiceEntity } from './entities/invoice.entity';
import { InvoiceMismatchError, InvoicePublisher } from './invoice-publisher';
import { InvoicesService } from './invoices.service';

/** The invoices behind collection payments, published and refreshed for the collection channel. */
@Injectable()
export class InvoiceCollections extends CollectionInvoices {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: InvoicePublisher,
    private readonly invoices: InvoicesService,
  ) {
    super();
  }

  async forPayment(paymentId: number): Promise<CollectableInvoice> {
    return collectable(await this.entityFor(paymentId));
  }

  async publish(
    invoice: CollectableInvoice,
    counterpartyId: number,
    now: Date,
  ): Promise<CollectableInvoice> {
    try {
      return collectable(
        invoice.published
          ? await this.invoices.refresh(await this.entity(invoice.id), now)
          : await this.publisher.ensurePublished(invoice.id, counterpartyId, now),
      );
    } catch (error) {
      if (error instanceof InvoiceMismatchError || error instanceof DollrValidationError) {
        throw new InvoiceNotPublishableError(error.message);
      }
      throw error;
    }
  }

  refreshForPayment(paymentId: number, now: Date): Promise<void> {
    return this.invoices.refreshForPayment(paymentId, now);
  }

  private async entityFor(paymentId: number): Promise<InvoiceEntity> {
    const invoice = await this.dataSource.getRepository(InvoiceEntity).findOneBy({ paymentId });
    if (invoice === null) throw new Error(`payment ${paymentId} has no invoice`);
    return invoice;
  }

  private async entity(id: number): Promise<InvoiceEntity> {
    return this.dataSource.getRepository(InvoiceEntity).findOneByOrFail({ id });
  }
}

function collectable(invoice: InvoiceEntity): CollectableInvoice {
  return {
    id: invoice.id,
    invoiceNumber: invoice.invoiceNumber,
    email: invoice.email,
    published: invoice.syncState === 'PUBLISHED',
    dollrInvoiceId: invoice.dollrInvoiceId,
    dollrStatus: invoice.dollrStatus,
  };
}
