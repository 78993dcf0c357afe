import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { INVOICE_SYNC, type InvoiceSync, type JobResult, type ScheduledJob } from './job.types';

/**
 * Checks open invoices on Dollr through the invoices feature (INVOICE_SYNC). A run in which no
 * invoice could be checked (Dollr unreachable, credentials refused) is a failed run, not a quiet
 * success with an error count.
 */
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
    const counts = await this.sync.syncOpenInvoices();
    const { checked, errors, firstError } = counts;
    if (typeof checked === 'number' && checked > 0 && errors === checked) {
      return {
        counts,
        failed: `none of the ${checked} open invoice(s) could be checked on Dollr; the first: ${String(firstError)}`,
      };
    }
    return { counts };
  }
}
