import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ImportError } from '../import.errors';
import type { ImportProfile } from './profile.types';
import { validateProfile } from './profile.validate';

/** The repository root: the first folder above this file holding samples/profiles. */
function findBuiltInDirectory(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = join(dir, 'samples', 'profiles');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('samples/profiles was not found above ' + __dirname);
    dir = parent;
  }
}

let builtInDirectory: string | undefined;

export function builtInProfileDirectory(): string {
  builtInDirectory ??= findBuiltInDirectory();
  return builtInDirectory;
}

export function builtInProfileNames(): string[] {
  return readdirSync(builtInProfileDirectory())
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The largest profile document read: an upload, a saved profile or a local file. */
export const PROFILE_MAX_BYTES = 64 * 1024;

const PROFILE_NAME = /^[a-z0-9_-]{1,64}$/;

/** A profile name (built-in or saved): lower-case letters, digits, `_` and `-`; never a path. */
export function isProfileName(value: string): boolean {
  return PROFILE_NAME.test(value);
}

/** A local profile file, as the CLI and the inbox's sidecars name them. */
export function looksLikePath(reference: string): boolean {
  return reference.includes('/') || reference.includes('\\') || reference.endsWith('.json');
}

/** The JSON text of the built-in profile `name`, or undefined. */
export function builtInProfileDocument(name: string): string | undefined {
  if (!isProfileName(name) || !builtInProfileNames().includes(name)) return undefined;
  return readFileSync(join(builtInProfileDirectory(), `${name}.json`), 'utf8');
}

/** The built-in profile `name` (`payroll`, `suppliers`, `invoices`), or undefined. */
export function builtInProfile(name: string): ImportProfile | undefined {
  const text = builtInProfileDocument(name);
  return text === undefined ? undefined : parseProfileDocument(text, name);
}

/**
 * A profile from the text of its JSON document, validated. A document that is not JSON is
 * refused without quoting it (JSON.parse's message would show what it held).
 */
export function parseProfileDocument(text: string, label: string): ImportProfile {
  if (Buffer.byteLength(text) > PROFILE_MAX_BYTES) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The profile ${label} is larger than ${PROFILE_MAX_BYTES / 1024} KiB.`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new ImportError('PROFILE_INVALID', `The profile ${label} is not valid JSON.`);
  }
  return validateProfile(document, label);
}

/**
 * A profile from a file on this machine (`--profile ./my-erp.json`, an inbox sidecar): a regular
 * file of at most PROFILE_MAX_BYTES, never a device, a FIFO or a folder, read without blocking.
 */
export function readLocalProfile(reference: string, cwd = process.cwd()): ImportProfile {
  const path = resolve(cwd, reference);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    throw new ImportError(
      'PROFILE_NOT_FOUND',
      `The profile file ${reference} does not exist or cannot be opened.`,
    );
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      throw new ImportError('PROFILE_INVALID', `The profile ${reference} is not a regular file.`);
    }
    if (info.size > PROFILE_MAX_BYTES) {
      throw new ImportError(
        'PROFILE_INVALID',
        `The profile ${reference} is larger than ${PROFILE_MAX_BYTES / 1024} KiB.`,
      );
    }
    const buffer = Buffer.alloc(info.size);
    const read = readSync(fd, buffer, 0, info.size, 0);
    return parseProfileDocument(buffer.toString('utf8', 0, read), reference);
  } finally {
    closeSync(fd);
  }
}

/**
 * A built-in profile by name or, on this machine only (CLI, inbox), a profile file by path,
 * validated. Saved profiles are found by ProfilesService.
 */
export function loadProfile(reference: string, cwd = process.cwd()): ImportProfile {
  if (looksLikePath(reference)) return readLocalProfile(reference, cwd);
  const profile = builtInProfile(reference);
  if (profile === undefined) throw unknownProfile(reference);
  return profile;
}

/** The error for a name that is not a known profile; it never echoes a path back. */
export function unknownProfile(reference: string, saved: readonly string[] = []): ImportError {
  if (!isProfileName(reference)) {
    return new ImportError(
      'PROFILE_NOT_FOUND',
      'A profile is named by lower-case letters, digits, _ and - (e.g. payroll); send your own as a profileFile, or save it with POST /profiles.',
    );
  }
  const known = [...builtInProfileNames(), ...saved];
  return new ImportError(
    'PROFILE_NOT_FOUND',
    `There is no profile "${reference}". Profiles: ${known.join(', ')}; or give your own.`,
  );
}

/** The built-in profile used when none is given. */
export function defaultProfileName(kind: 'payables' | 'receivables'): string {
  return kind === 'payables' ? 'payroll' : 'invoices';
}
