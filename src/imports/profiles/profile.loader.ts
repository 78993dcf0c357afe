import { existsSync, readFileSync, readdirSync } from 'node:fs';
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

function looksLikePath(reference: string): boolean {
  return reference.includes('/') || reference.includes('\\') || reference.endsWith('.json');
}

/**
 * A built-in profile by name (`payroll`, `suppliers`, `invoices`) or a user's profile by path
 * (`./my-erp.json`, relative to `cwd`), validated.
 */
export function loadProfile(reference: string, cwd = process.cwd()): ImportProfile {
  const path = looksLikePath(reference)
    ? resolve(cwd, reference)
    : join(builtInProfileDirectory(), `${reference}.json`);
  if (!looksLikePath(reference) && !/^[a-z0-9_-]+$/.test(reference)) {
    throw new ImportError('PROFILE_NOT_FOUND', `"${reference}" is not a profile name.`);
  }
  if (!existsSync(path)) {
    throw new ImportError(
      'PROFILE_NOT_FOUND',
      looksLikePath(reference)
        ? `The profile file ${reference} does not exist.`
        : `There is no built-in profile "${reference}". Built-in profiles: ${builtInProfileNames().join(', ')}; or give the path of your own profile (.json).`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The profile ${reference} is not valid JSON: ${(error as Error).message}`,
    );
  }
  return validateProfile(document, reference);
}

/** The built-in profile used when none is given. */
export function defaultProfileName(kind: 'payables' | 'receivables'): string {
  return kind === 'payables' ? 'payroll' : 'invoices';
}
