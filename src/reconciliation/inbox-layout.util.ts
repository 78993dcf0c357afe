import { basename, dirname, extname, join } from 'node:path';

/** The inbox folders and the built-in profile each one means. */
export const INBOX_FOLDERS: Readonly<Record<string, string>> = {
  payroll: 'payroll',
  suppliers: 'suppliers',
  invoices: 'invoices',
};

export const PROCESSED_DIR = 'processed';
export const FAILED_DIR = 'failed';
/** Where a file sits while it is being imported, so two runs never take the same file. */
export const CLAIMED_DIR = '.importing';

const SIDECAR_SUFFIX = '.profile.json';
const IMPORTABLE = new Set(['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls']);

/** `pay.csv` -> `pay.csv.profile.json`: the sidecar naming the file's profile. */
export function sidecarOf(path: string): string {
  return `${path}${SIDECAR_SUFFIX}`;
}

/**
 * Whether a name in the inbox is a data file to import (not a sidecar, an error file, a hidden
 * file or a partial download).
 */
export function isInboxDataFile(name: string): boolean {
  if (name.startsWith('.') || name.startsWith('~$')) return false;
  if (name.endsWith(SIDECAR_SUFFIX) || name.endsWith('.error.txt')) return false;
  return IMPORTABLE.has(extname(name).toLowerCase());
}

/** A free name for `name` in `dir`: the name itself, else `stem (2).ext`, `stem (3).ext` … */
export function freeName(name: string, taken: (candidate: string) => boolean): string {
  if (!taken(name)) return name;
  const ext = extname(name);
  const stem = basename(name, ext);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The sidecar's profile reference: a built-in name as is, a path relative to the sidecar. */
export function resolveProfileReference(reference: string, sidecarPath: string): string {
  if (!reference.includes('/') && !reference.includes('\\') && !reference.endsWith('.json')) {
    return reference;
  }
  return reference.startsWith('/') ? reference : join(dirname(sidecarPath), reference);
}
