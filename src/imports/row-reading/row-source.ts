import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StorableRow } from '../import.types';
import type { FileLayout } from '../readers/open-file';
import { readStorableRows, type ReadJob, type RowsRead } from './read-rows';
import { type FromReader, reviveFailure, unpackRows } from './reader-messages';

/** The compiled worker entry; absent when the sources run untranspiled (the unit tests). */
const WORKER_FILE = join(__dirname, 'row-reading.worker.js');

/**
 * Whether a file is read on a worker thread: a CSV from `minBytes` up, when the compiled worker
 * is there (it is not when the sources run untranspiled, in the unit tests). Never a workbook:
 * exceljs holds ~150 MiB of its own while reading a large one, and a second thread's heap on top
 * of the main thread's would take a 200,000-row import past its 256 MiB.
 */
export function readsOnWorker(layout: FileLayout, size: number, minBytes: number): boolean {
  return layout.format === 'csv' && size >= minBytes && existsSync(WORKER_FILE);
}

/**
 * Reads the file of `job` and hands its rows to `store`, a batch at a time and in file order;
 * returns what was read. On a worker thread, reading, validation and JSON encoding run alongside
 * the main thread's settling and database writes, so a large import takes about as long as the
 * slower of the two instead of their sum. When `store` fails, reading stops (the file is closed,
 * the thread ended).
 */
export async function readRows(
  job: ReadJob,
  onWorker: boolean,
  store: (batch: StorableRow[]) => Promise<void>,
): Promise<RowsRead> {
  const batches = onWorker ? readOnWorker(job) : readStorableRows(job);
  let next = await batches.next();
  try {
    while (next.done !== true) {
      await store(next.value);
      next = await batches.next();
    }
    return next.value;
  } finally {
    if (next.done !== true) await batches.return(undefined as never);
  }
}

async function* readOnWorker(job: ReadJob): AsyncGenerator<StorableRow[], RowsRead> {
  const worker = new Worker(WORKER_FILE, { workerData: job });
  const inbox: FromReader[] = [];
  const state: { error: Error | null; exited: boolean } = { error: null, exited: false };
  let wake: (() => void) | null = null;
  worker.on('message', (message: FromReader) => {
    inbox.push(message);
    wake?.();
  });
  worker.on('error', (error: Error) => {
    state.error ??= error;
    wake?.();
  });
  worker.on('exit', () => {
    state.exited = true;
    wake?.();
  });
  try {
    for (;;) {
      const message = inbox.shift();
      if (message === undefined) {
        if (state.error !== null) throw state.error;
        if (state.exited) throw new Error('the thread reading the file stopped before the end');
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (message.kind === 'failed') throw reviveFailure(message.failure);
      if (message.kind === 'read') return message.read;
      worker.postMessage(null);
      yield unpackRows(message.rows);
    }
  } finally {
    await worker.terminate();
  }
}
