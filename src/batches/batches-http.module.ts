import { Module } from '@nestjs/common';
import { InvoicesModule } from '../invoices/invoices.module';
import { BatchWorker } from './batch-worker';
import { BatchesController } from './batches.controller';
import { BatchesModule } from './batches.module';

/** Batches for the HTTP service: the API and the background worker. */
@Module({
  imports: [BatchesModule, InvoicesModule],
  controllers: [BatchesController],
  providers: [BatchWorker],
})
export class BatchesHttpModule {}
