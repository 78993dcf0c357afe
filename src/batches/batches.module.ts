import { Module } from '@nestjs/common';
import { PayeeSyncService } from '../counterparties/payee-sync.service';
import { DatabaseModule } from '../database/database.module';
import { DollrConnectionModule } from '../dollr/dollr-connection.module';
import { BatchRunner } from './batch-runner';
import { BatchWorker } from './batch-worker';
import { BatchesController } from './batches.controller';
import { BatchesService } from './batches.service';
import { BatchCommands } from './batch.commands';
import { PaymentClaims } from './payment-claims';
import { PayoutExecutor } from './payout-executor';
import { PreflightService } from './preflight.service';

const core = [
  BatchesService,
  PreflightService,
  PaymentClaims,
  PayoutExecutor,
  BatchRunner,
  PayeeSyncService,
];

/** Batches for the HTTP service: the API and the background worker. */
@Module({
  imports: [DatabaseModule, DollrConnectionModule],
  controllers: [BatchesController],
  providers: [...core, BatchWorker],
  exports: [BatchesService],
})
export class BatchesHttpModule {}

/** Batches for the CLI: the commands (`batch run --wait` works on the batch itself). */
@Module({
  imports: [DatabaseModule, DollrConnectionModule],
  providers: [...core, ...BatchCommands],
  exports: [BatchesService],
})
export class BatchesCliModule {}
