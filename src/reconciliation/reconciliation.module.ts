import { Module } from '@nestjs/common';
import { BatchesModule } from '../batches/batches.module';
import { DatabaseModule } from '../database/database.module';
import { ImportsModule } from '../imports/imports.module';
import { IntakeModule } from '../intake/intake.module';
import { InvoicesModule } from '../invoices/invoices.module';
import { InvoicesService } from '../invoices/invoices.service';
import { ReportService } from '../reports/report.service';
import { ReportsModule } from '../reports/reports.module';
import { BatchExpiryJob } from './batch-expiry.job';
import { InboxImporter } from './inbox-importer';
import { InvoiceSyncJob } from './invoice-sync.job';
import { JobRunsStore } from './job-runs.store';
import {
  DAILY_REPORT_WRITER,
  type DailyReportWriter,
  INVOICE_SYNC,
  type InvoiceSync,
  SCHEDULED_JOBS,
  type ScheduledJob,
} from './job.types';
import { JobsService } from './jobs.service';
import { NightlySyncJob } from './nightly-sync.job';
import { StatusPollJob } from './status-poll.job';
import { WebhookDispatchJob } from './webhook-dispatch.job';
import { WebhookOutbox } from './webhook-outbox';
import { WebhookSender } from './webhook-sender';

const JOBS = [StatusPollJob, InvoiceSyncJob, NightlySyncJob, WebhookDispatchJob, BatchExpiryJob];

/** The scheduled jobs and their run records, shared by the service and the CLI. */
@Module({
  imports: [
    DatabaseModule,
    BatchesModule,
    ImportsModule,
    IntakeModule,
    InvoicesModule,
    ReportsModule,
  ],
  providers: [
    ...JOBS,
    {
      provide: INVOICE_SYNC,
      useFactory: (invoices: InvoicesService): InvoiceSync => ({
        syncOpenInvoices: async () => {
          const { checked, changed, paid, errors } = await invoices.syncOpenInvoices();
          const first = errors[0];
          return {
            checked,
            changed,
            paid,
            errors: errors.length,
            ...(first === undefined
              ? {}
              : { firstError: `${first.invoiceNumber}: ${first.error}` }),
          };
        },
      }),
      inject: [InvoicesService],
    },
    {
      provide: DAILY_REPORT_WRITER,
      useFactory: (reports: ReportService): DailyReportWriter => ({
        writeDailyReport: async (day, dir) => (await reports.writeDailyReport(day, dir)).report,
      }),
      inject: [ReportService],
    },
    {
      provide: SCHEDULED_JOBS,
      useFactory: (...jobs: ScheduledJob[]) => jobs,
      inject: JOBS,
    },
    JobRunsStore,
    JobsService,
    InboxImporter,
    WebhookOutbox,
    WebhookSender,
  ],
  exports: [JobsService],
})
export class ReconciliationModule {}
