import { Module } from '@nestjs/common';
import { InvoicesCommand, InvoicesSyncCommand } from './invoices.commands';
import { InvoicesModule } from './invoices.module';

/** `invoices sync`. */
@Module({ imports: [InvoicesModule], providers: [InvoicesCommand, InvoicesSyncCommand] })
export class InvoicesCliModule {}
