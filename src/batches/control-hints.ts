import type { BatchView } from './batch-queries';

export type BatchControl = 'pause' | 'resume' | 'cancel' | 'retry-failed';

const RUN_FROM_HERE = (id: number): string =>
  `The service (npm start) sends them in the background; or send them from here: npm run cli -- batch run ${id} --wait`;

/**
 * What happens next after a control command, and what starts it, for the command's text output;
 * `retried` is how many FAILED payments retry-failed made PENDING again.
 */
export function controlHints(control: BatchControl, view: BatchView, retried = 0): string[] {
  const id = view.batchId;
  switch (control) {
    case 'retry-failed':
      return [
        `${retried} payment(s) will be tried again, each under a new reference id.`,
        RUN_FROM_HERE(id),
      ];
    case 'resume':
      return view.counts.PENDING > 0
        ? [`${view.counts.PENDING} payment(s) are still to be sent.`, RUN_FROM_HERE(id)]
        : [];
    case 'pause':
      return [
        `Nothing new is sent; ${view.counts.PROCESSING} payment(s) in flight are followed to their final status. To go on: npm run cli -- batch resume ${id}`,
      ];
    case 'cancel':
      return [];
  }
}
