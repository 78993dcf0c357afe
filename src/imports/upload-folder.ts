import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where uploads are written while they are imported, one folder per process. */
export const UPLOADS_ROOT = join(tmpdir(), 'dollr-connector-uploads');

export function uploadFolder(pid = process.pid): string {
  return join(UPLOADS_ROOT, String(pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what a process that died mid-upload left behind: the upload folders of processes that
 * no longer run (a replica's live uploads stay), and loose files of older versions after an hour.
 * Returns how many entries it removed.
 */
export async function removeAbandonedUploads(now = Date.now()): Promise<number> {
  const entries = await readdir(UPLOADS_ROOT, { withFileTypes: true }).catch(() => []);
  let removed = 0;
  for (const entry of entries) {
    const path = join(UPLOADS_ROOT, entry.name);
    const abandoned = entry.isDirectory()
      ? /^[0-9]+$/.test(entry.name) &&
        Number(entry.name) !== process.pid &&
        !isAlive(Number(entry.name))
      : now - (await stat(path).catch(() => ({ mtimeMs: now }))).mtimeMs > 60 * 60_000;
    if (!abandoned) continue;
    await rm(path, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
