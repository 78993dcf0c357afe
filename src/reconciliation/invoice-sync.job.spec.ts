import type { AppConfig } from '../config/app-config';
import { InvoiceSyncJob } from './invoice-sync.job';
import type { JobCounts } from './job.types';

function jobReturning(counts: JobCounts): InvoiceSyncJob {
  const config = { jobs: { schedules: { invoiceSync: '*/15 * * * *' } } } as AppConfig;
  return new InvoiceSyncJob(config, { syncOpenInvoices: () => Promise.resolve(counts) });
}

describe('InvoiceSyncJob', () => {
  it('fails the run when no open invoice could be checked, naming the first error', async () => {
    const counts = { checked: 3, changed: 0, paid: 0, errors: 3, firstError: 'INV-7: timeout' };
    expect(await jobReturning(counts).run()).toEqual({
      counts,
      failed: 'none of the 3 open invoice(s) could be checked on Dollr; the first: INV-7: timeout',
    });
  });

  it('succeeds when some invoices were checked, keeping the error count', async () => {
    const counts = { checked: 3, changed: 1, paid: 1, errors: 2, firstError: 'INV-7: timeout' };
    expect(await jobReturning(counts).run()).toEqual({ counts });
  });

  it('succeeds when there was nothing to check', async () => {
    const counts = { checked: 0, changed: 0, paid: 0, errors: 0 };
    expect(await jobReturning(counts).run()).toEqual({ counts });
  });
});
