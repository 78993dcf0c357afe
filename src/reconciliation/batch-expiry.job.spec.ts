import type { BatchLifecycle, ExpiryRun } from '../batches/batch-lifecycle';
import type { AppConfig } from '../config/app-config';
import { BatchExpiryJob } from './batch-expiry.job';

function jobAnswering(run: ExpiryRun): BatchExpiryJob {
  const batches = { expireStale: () => Promise.resolve(run) } as unknown as BatchLifecycle;
  const config = { jobs: { schedules: { batchExpiry: '*/5 * * * *' } } } as unknown as AppConfig;
  return new BatchExpiryJob(batches, config);
}

describe('the batch-expiry job', () => {
  it('reports its counts when every stale batch was handled', async () => {
    const run = jobAnswering({ expired: 2, changedMeanwhile: 1, failed: 0, firstError: null });
    expect(await run.run(new Date())).toEqual({
      counts: { expired: 2, changedMeanwhile: 1, failed: 0 },
    });
  });

  it('is a failed run, saying which batch and why, when one could not be canceled', async () => {
    const run = jobAnswering({
      expired: 3,
      changedMeanwhile: 0,
      failed: 1,
      firstError: 'batch 7: lock wait timeout exceeded',
    });
    expect(await run.run(new Date())).toEqual({
      counts: { expired: 3, changedMeanwhile: 0, failed: 1 },
      failed: '1 batch(es) could not be expired; the first: batch 7: lock wait timeout exceeded',
    });
  });
});
