import { parentPort } from 'node:worker_threads';
import { readStorableRows, type ReadJob } from './read-rows';
import { describeFailure, type FromReader, packRows, READ_AHEAD_BATCHES } from './reader-messages';

/**
 * Worker thread entry. The first message is the ReadJob (the thread is started before the job is
 * known, so that its start-up overlaps the checks of the file); it then reads the file and posts
 * its rows in batches, at most READ_AHEAD_BATCHES ahead of the batches the main thread has taken.
 * Every later message takes one more batch.
 */
const port = parentPort;
if (port === null) throw new Error('row-reading.worker must run on a worker thread');

let job: ReadJob | null = null;
let credits = READ_AHEAD_BATCHES;
let wake: (() => void) | null = null;
port.on('message', (message: ReadJob | null) => {
  if (job === null && message !== null) {
    job = message;
    read(job).then(
      () => port.close(),
      (error: unknown) => {
        post({ kind: 'failed', failure: describeFailure(error) });
        port.close();
      },
    );
    return;
  }
  credits += 1;
  wake?.();
});

function post(message: FromReader): void {
  port?.postMessage(message);
}

async function read(readJob: ReadJob): Promise<void> {
  const read = await readStorableRows(readJob, async (batch) => {
    while (credits === 0) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    credits -= 1;
    post({ kind: 'rows', rows: packRows(batch) });
  });
  post({ kind: 'read', read });
}
