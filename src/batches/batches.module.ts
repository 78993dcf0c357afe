import { Module } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { BatchPayments } from './batch-payments';
import { BatchRunner } from './batch-runner';
import { BatchFactory } from './batch-factory';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries } from './batch-queries';
import { PaymentsModule } from '../payments/payments.module';
import { PreflightService } from './preflight.service';

const core = [
  BatchFactory,
  BatchQueries,
  BatchLifecycle,
  BatchPayments,
  PreflightService,
  BatchRunner,
];

/** Batches, pre-flight, approvals and the executor (payouts, collections), shared by HTTP and the CLI. */
@Module({
  imports: [
    DatabaseModule,
    DollrConnectionModule,
    CounterpartiesModule,
    InvoicesModule,
    PaymentsModule.withInvoices(InvoicesModule),
  ],
  providers: core,
  exports: [...core, PaymentsModule],
})
export class BatchesModule {}
