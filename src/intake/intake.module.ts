import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { DatabaseModule } from '../database/database.module';
import { IntakeService } from './intake.service';

/** From an import to its batch, above both: the CLI, the HTTP API and the inbox use it. */
@Module({
  imports: [DatabaseModule, BatchesModule],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
