import { Module } from '@nestjs/common';
import { JobsListCommand, JobsCommand, JobsRunCommand } from './jobs.commands';
import { ReconciliationModule } from './reconciliation.module';

/** In the CLI: `jobs run NAME`, `jobs list` (no schedules run in CLI commands). */
@Module({
  imports: [ReconciliationModule],
  providers: [JobsCommand, JobsRunCommand, JobsListCommand],
})
export class ReconciliationCliModule {}
