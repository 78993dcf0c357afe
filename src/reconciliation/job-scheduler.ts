import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig } from '../config/app-config';
import { redactText } from '../common/redact';
import { scheduledSlot } from './job-slot.util';
import { JobsService } from './jobs.service';

/**
 * In the HTTP service only: registers one cron job per scheduled job whose schedule is not off, in
 * JOBS_TIMEZONE. A tick only computes its slot and hands it to JobsService, which lets one replica
 * run it.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobScheduler.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly registry: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timeZone = this.config.jobs.timeZone;
    for (const job of this.jobs.jobs()) {
      const expression = job.schedule;
      if (expression === null) {
        this.logger.log(`${job.name}: off`);
        continue;
      }
      const cron = CronJob.from({
        cronTime: expression,
        timeZone,
        start: false,
        name: job.name,
        onTick: async () => {
          try {
            await this.jobs.tick(job.name, scheduledSlot(expression, timeZone, new Date()));
          } catch (error) {
            this.logger.error(
              `${job.name}: could not run: ${redactText(error instanceof Error ? error.message : String(error))}`,
            );
          }
        },
      });
      this.registry.addCronJob(job.name, cron);
      cron.start();
      this.logger.log(`${job.name}: "${expression}" (${timeZone})`);
    }
  }
}
