import { Module } from '@nestjs/common';
import { CounterpartiesModule } from '../counterparties/counterparties.module';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { BatchPayments } from './batch-payments';
import { BatchRunner } from './batch-runner';
import { BatchWorker } from './batch-worker';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { BatchCommands } from './batch.commands';
import { PaymentClaims } from './payment-claims';
import { PaymentExecutor } from './payment-executor';
import { PayoutChannel } from './payout-channel';
import { PreflightService } from './preflight.service';

const core = [
  BatchesService,
  BatchPayments,
  PreflightService,
  PaymentClaims,
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

/** Batches for the HTTP service: the API and the background worker. */
@Module({
  imports: [BatchesModule, InvoicesModule],
  controllers: [BatchesController],
  providers: [BatchWorker],
})
export class BatchesHttpModule {}

/** Batches for the CLI: the commands (`batch run --wait` works on the batch itself). */
@Module({ imports: [BatchesModule], providers: BatchCommands })
export class BatchesCliModule {}
