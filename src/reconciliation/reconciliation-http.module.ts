import { Module } from '@nestjs/common';
import { JobScheduler } from './job-scheduler';
import { JobsController } from './jobs.controller';
import { ReconciliationModule } from './reconciliation.module';

/** In the service: the schedules run, and `GET /jobs`, `POST /jobs/{name}/run`. */
@Module({
  imports: [ReconciliationModule],
  controllers: [JobsController],
  providers: [JobScheduler],
})
export class ReconciliationHttpModule {}
