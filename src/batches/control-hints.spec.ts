import type { BatchView } from './batch-queries';
import { controlHints } from './control-hints';

function view(status: BatchView['status'], pending: number, processing = 0): BatchView {
  return {
    batchId: 12,
    status,
    counts: { PENDING: pending, PROCESSING: processing, COMPLETED: 3, FAILED: 0, CANCELED: 0 },
    totals: [],
  };
}

describe('controlHints', () => {
  it('says what sends the payments retry-failed made PENDING again', () => {
    expect(controlHints('retry-failed', view('RUNNING', 7), 2)).toEqual([
      '2 payment(s) will be tried again, each under a new reference id.',
      'The service (npm start) sends them in the background; or send them from here: npm run cli -- batch run 12 --wait',
    ]);
  });

  it('says what carries on a resumed batch, only when something is left to send', () => {
    expect(controlHints('resume', view('RUNNING', 5))[1]).toContain('batch run 12 --wait');
    expect(controlHints('resume', view('RUNNING', 0))).toEqual([]);
  });

  it('says a paused batch still follows what is in flight, and how to go on', () => {
    expect(controlHints('pause', view('PAUSED', 4, 1))).toEqual([
      'Nothing new is sent; 1 payment(s) in flight are followed to their final status. To go on: npm run cli -- batch resume 12',
    ]);
  });

  it('adds nothing to a cancel', () => {
    expect(controlHints('cancel', view('CANCELED', 0))).toEqual([]);
  });
});
