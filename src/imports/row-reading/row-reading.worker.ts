import { parentPort, workerData } from 'node:worker_threads';
import { readStorableRows, type ReadJob } from './read-rows';
import { describeFailure, type FromReader, packRows, READ_AHEAD_BATCHES } from './reader-messages';

/**
 * Worker thread entry: reads the file of `workerData` (a ReadJob) and posts its rows in batches,
 * at most READ_AHEAD_BATCHES ahead of the batches the main thread has taken.
 */
const port = parentPort;
if (port === null) throw new Error('row-reading.worker must run on a worker thread');

let credits = READ_AHEAD_BATCHES;
let wake: (() => void) | null = null;
port.on('message', () => {
  credits += 1;
  wake?.();
});

function post(message: FromReader): void {
  port?.postMessage(message);
}

async function main(): Promise<void> {
  const rows = readStorableRows(workerData as ReadJob);
  for (;;) {
    const next = await rows.next();
    if (next.done === true) {
      post({ kind: 'read', read: next.value });
      return;
    }
    while (credits === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    credits -= 1;
    post({ kind: 'rows', rows: packRows(next.value) });
  }
}

main().then(
  () => port.close(),
  (error: unknown) => {
    post({ kind: 'failed', failure: describeFailure(error) });
    port.close();
  },
);
