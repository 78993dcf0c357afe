import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { INVOICE_SYNC, type InvoiceSync, type JobResult, type ScheduledJob } from './job.types';

/** Checks open invoices on Dollr through the invoices feature (INVOICE_SYNC). */
@Injectable()
export class InvoiceSyncJob implements ScheduledJob {
  readonly name = 'invoice-sync' as const;
  readonly schedule: string | null;

  constructor(
    config: AppConfig,
    @Inject(INVOICE_SYNC) private readonly sync: InvoiceSync,
  ) {
    this.schedule = config.jobs.schedules.invoiceSync;
  }

  async run(): Promise<JobResult> {
    return { counts: await this.sync.syncOpenInvoices() };
  }
}
