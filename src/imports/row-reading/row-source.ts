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
 * Whether a file may be read on a worker thread, before its content says what it is: from
 * `minBytes` up, unless its name says it is a workbook, and when the compiled worker is there (it
 * is not when the sources run untranspiled, in the unit tests).
 */
export function mayReadOnWorker(fileName: string, size: number, minBytes: number): boolean {
  return size >= minBytes && !/\.xls[xm]?$/i.test(fileName) && existsSync(WORKER_FILE);
}

/**
 * Whether a file is read on a worker thread: a CSV only. Never a workbook: exceljs holds
 * ~150 MiB of its own while reading a large one, and a second thread's heap on top of the main
 * thread's would take a 200,000-row import past its 256 MiB.
 */
export function readsOnWorker(layout: FileLayout, size: number, minBytes: number): boolean {
  return layout.format === 'csv' && size >= minBytes && existsSync(WORKER_FILE);
}

/**
 * A worker thread that reads, validates and JSON-encodes the rows of one file while the main
 * thread settles and stores the rows it has read: on two cores a large import then takes about as
 * long as the slower of the two instead of their sum. Started before the file's checks, so that
 * its start-up (~0.1 s) overlaps them; `stop` it whether it was used or not.
 */
export class ReaderThread {
  // A young generation of 32 MiB instead of 48: as fast, and a 200,000-row import stays further
  // below 256 MiB (with 48 it peaked at 240 to 254 MiB in some runs).
  private readonly worker = new Worker(WORKER_FILE, {
    resourceLimits: { maxYoungGenerationSizeMb: 32 },
  });
  private readonly inbox: FromReader[] = [];
  private error: Error | null = null;
  private exited = false;
  private wake: (() => void) | null = null;

  constructor() {
    this.worker.on('message', (message: FromReader) => {
      this.inbox.push(message);
      this.wake?.();
    });
    this.worker.on('error', (error: Error) => {
      this.error ??= error;
      this.wake?.();
    });
    this.worker.on('exit', () => {
      this.exited = true;
      this.wake?.();
    });
  }

  /** Reads the file of `job` on this thread, handing its batches to `store` as they come. */
  async read(job: ReadJob, store: (batch: StorableRow[]) => Promise<void>): Promise<RowsRead> {
    this.worker.postMessage(job);
    try {
      for (;;) {
        const message = this.inbox.shift();
        if (message === undefined) {
          await this.nextEvent();
          continue;
        }
        if (message.kind === 'failed') throw reviveFailure(message.failure);
        if (message.kind === 'read') return message.read;
        this.worker.postMessage(null);
        await store(unpackRows(message.rows));
      }
    } finally {
      await this.stop();
    }
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }

  private async nextEvent(): Promise<void> {
    if (this.error !== null) throw this.error;
    if (this.exited) throw new Error('the thread reading the file stopped before the end');
    await new Promise<void>((resolve) => {
      this.wake = resolve;
    });
    this.wake = null;
  }
}

/**
 * Reads the file of `job` and hands its rows to `store`, a batch at a time and in file order;
 * returns what was read. On `thread` when given, else on this thread. When `store` fails, reading
 * stops (the file is closed, the thread ended).
 */
export function readRows(
  job: ReadJob,
  thread: ReaderThread | null,
  store: (batch: StorableRow[]) => Promise<void>,
): Promise<RowsRead> {
  return thread === null ? readStorableRows(job, store) : thread.read(job, store);
}
