import { Module } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { BatchPayments } from './batch-payments';
import { BatchRunner } from './batch-runner';
import { BatchesService } from './batches.service';
import { PaymentLeases } from './payment-leases';
import { PaymentExecutor } from './payment-executor';
import { PayoutChannel } from './payout-channel';
import { PreflightService } from './preflight.service';

const core = [
  BatchesService,
  BatchPayments,
  PreflightService,
  PaymentLeases,
  PayoutChannel,
  PaymentExecutor,
  BatchRunner,
];

/** Batches, pre-flight, approvals and the executor (payouts, collections), shared by HTTP and the CLI. */
@Module({
  imports: [DatabaseModule, DollrConnectionModule, CounterpartiesModule, InvoicesModule],
  providers: core,
  exports: core,
})
export class BatchesModule {}
