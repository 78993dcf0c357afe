/** What one look at a file saw. */
export interface FileLook {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * A file is taken only when two looks a moment apart saw the same size and modification time and
 * it is not empty: a file still being copied or written is left for the next run.
 */
export function isFileSettled(first: FileLook, second: FileLook): boolean {
  return first.size === second.size && first.mtimeMs === second.mtimeMs && second.size > 0;
}
