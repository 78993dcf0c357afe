import { Module } from '@nestjs/common';
import { BatchCommands } from './batch.commands';
import { BatchesModule } from './batches.module';

/** Batches for the CLI: the commands (`batch run --wait` works on the batch itself). */
@Module({ imports: [BatchesModule], providers: BatchCommands })
export class BatchesCliModule {}
