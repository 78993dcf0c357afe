import { Module } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { CollectionChannel } from './collection-channel';
import { InvoicePublisher } from './invoice-publisher';
import { InvoicesService } from './invoices.service';

const core = [InvoicePublisher, InvoicesService, CollectionChannel];

/** Receivables on Dollr: invoices published, collected, and followed until paid. */
@Module({
  imports: [DatabaseModule, DollrConnectionModule, CounterpartiesModule],
  providers: core,
  exports: core,
})
export class InvoicesModule {}
