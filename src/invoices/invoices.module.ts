import { Module } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { CollectionInvoices } from '../payments/collection-invoices';
import { InvoiceCollections } from './invoice-collections';
import { InvoicePublisher } from './invoice-publisher';
import { InvoicesService } from './invoices.service';

const core = [
  InvoicePublisher,
  InvoicesService,
  { provide: CollectionInvoices, useClass: InvoiceCollections },
];

/** Receivables on Dollr: invoices published, collected, and followed until paid. */
@Module({
  imports: [DatabaseModule, DollrConnectionModule, CounterpartiesModule],
  providers: core,
  exports: core,
})
export class InvoicesModule {}
