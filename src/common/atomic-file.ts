import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

/** A temporary name beside `path` (same directory, so the rename is atomic). */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes a file through `write` under a temporary name in the same directory and renames it to
 * `path` once complete: readers see the whole file or none, and a failure leaves nothing behind.
 * `write` must end the stream it is given (pipeline() does).
 */
export async function writeFileAtomically(
  path: string,
  write: (output: Writable) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = temporaryPathFor(path);
  const output = createWriteStream(temporary);
  const closed = new Promise<void>((resolve, reject) => {
    output.once('close', resolve);
    output.once('error', reject);
  });
  try {
    await write(output);
    if (!output.writableFinished) output.end();
    await closed;
    await rename(temporary, path);
  } catch (error) {
    output.destroy();
    await closed.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
