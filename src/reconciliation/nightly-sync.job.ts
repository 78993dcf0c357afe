import { Inject, Injectable } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { AppConfig } from '../config/app-config';
import { InboxImporter } from './inbox-importer';
import {
  DAILY_REPORT_WRITER,
  type DailyReportWriter,
  type JobCounts,
  type JobResult,
  type ScheduledJob,
} from './job.types';
import { previousDay } from './report-day.util';

/** The inbox folder imported, then yesterday's reconciliation report written to REPORTS_DIR. */
@Injectable()
export class NightlySyncJob implements ScheduledJob {
  readonly name = 'nightly-sync' as const;
  readonly schedule: string | null;

  constructor(
    private readonly inbox: InboxImporter,
    private readonly config: AppConfig,
    @Inject(DAILY_REPORT_WRITER) private readonly reports: DailyReportWriter,
  ) {
    this.schedule = config.jobs.schedules.nightlySync;
  }

  async run(now: Date): Promise<JobResult> {
    const { inboxDir, inboxSettleMs, timeZone } = this.config.jobs;
    const reportsDir = this.config.reports.dir;
    const counts: JobCounts = { ...(await this.inbox.importAll(inboxDir, inboxSettleMs)) };
    await mkdir(reportsDir, { recursive: true });
    counts.report = await this.reports.writeDailyReport(previousDay(now, timeZone), reportsDir);
    return { counts };
  }
}
