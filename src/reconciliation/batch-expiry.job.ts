import { Injectable } from '@nestjs/common';
import { BatchLifecycle } from '../batches/batch-lifecycle';
import { AppConfig } from '../config/app-config';
import type { JobResult, ScheduledJob } from './job.types';

/**
 * Cancels the batches not approved within BATCH_APPROVAL_EXPIRY_DAYS, as `system`. Reading a
 * batch never does it; until this runs, an expired batch can no longer be approved.
 */
@Injectable()
export class BatchExpiryJob implements ScheduledJob {
  readonly name = 'batch-expiry' as const;
  readonly schedule: string | null;

  constructor(
    private readonly batches: BatchLifecycle,
    config: AppConfig,
  ) {
    this.schedule = config.jobs.schedules.batchExpiry;
  }

  async run(now: Date): Promise<JobResult> {
    const { firstError, ...counts } = await this.batches.expireStale(now);
    return firstError === null
      ? { counts }
      : {
          counts,
          failed: `${counts.failed} batch(es) could not be expired; the first: ${firstError}`,
        };
  }
}
