import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SYSTEM_ACTOR } from '../auth/actor';
import { IntakeService } from '../intake/intake.service';
import { redactText } from '../common/redact';
import { ImportError } from '../imports/import.errors';
import { ImportService } from '../imports/import.service';
import type { ImportProfile } from '../imports/profiles/profile.types';
import { ProfilesService } from '../imports/profiles/profiles.service';
import { type FileLook, isFileSettled } from './file-stability.util';
import {
  CLAIMED_DIR,
  FAILED_DIR,
  freeName,
  INBOX_FOLDERS,
  isInboxDataFile,
  PROCESSED_DIR,
  resolveProfileReference,
  sidecarOf,
} from './inbox-layout.util';

/** A claim folder this old belongs to a run that died (no import takes this long). */
const ABANDONED_CLAIM_MS = 6 * 60 * 60_000;
const ROOT_KEY = '_top';

/** Who the inbox's imports are recorded as (they cannot approve the batches they become). */
export const INBOX_USER = 'inbox';

export interface InboxCounts {
  found: number;
  imported: number;
  failed: number;
  waiting: number;
  ignored: number;
  errors: number;
}

/** A sidecar `FILE.profile.json`: which profile reads the file, and the import's options. */
interface Sidecar {
  readonly profile: string;
  readonly sheet?: string;
  readonly country?: string;
  readonly currency?: string;
}

interface Candidate {
  readonly folder: string;
  readonly name: string;
  readonly path: string;
  readonly sidecar: string | null;
}

/**
 * Imports what was dropped into the inbox: `payroll/`, `suppliers/` and `invoices/` with their
 * built-in profiles, any file with a sidecar `FILE.profile.json` with the profile it names. Each
 * file that has stopped changing is claimed (moved aside, so two runs never take the same file),
 * imported as user `inbox`, then moved to `processed/` or to `failed/` with `FILE.error.txt`.
 */
@Injectable()
export class InboxImporter {
  private readonly logger = new Logger(InboxImporter.name);

  constructor(
    private readonly imports: ImportService,
    private readonly intake: IntakeService,
    private readonly profiles: ProfilesService,
  ) {}

  async importAll(inboxDir: string, settleMs: number): Promise<InboxCounts> {
    const counts: InboxCounts = {
      found: 0,
      imported: 0,
      failed: 0,
      waiting: 0,
      ignored: 0,
      errors: 0,
    };
    for (const dir of [...Object.keys(INBOX_FOLDERS), PROCESSED_DIR, FAILED_DIR, CLAIMED_DIR]) {
      await mkdir(join(inboxDir, dir), { recursive: true });
    }
    await this.recoverAbandoned(inboxDir, new Date());
    const { candidates, ignored } = await this.candidates(inboxDir);
    counts.found = candidates.length;
    counts.ignored = ignored;
    if (candidates.length === 0) return counts;

    const first = await Promise.all(candidates.map((c) => look(c.path)));
    await sleep(settleMs);
    const problems: string[] = [];
    for (const [i, candidate] of candidates.entries()) {
      const before = first[i];
      const after = await look(candidate.path);
      if (before === null || after === null) continue; // taken by another run meanwhile
      if (!isFileSettled(before, after)) {
        counts.waiting += 1;
        this.logger.log(`${candidate.folder}/${candidate.name}: still being written; next run`);
        continue;
      }
      const outcome = await this.importOne(inboxDir, candidate);
      if (outcome.kind === 'taken') continue;
      if (outcome.kind === 'error') problems.push(outcome.message);
      counts[outcome.kind === 'error' ? 'errors' : outcome.kind] += 1;
    }
    if (problems.length > 0) {
      throw new Error(
        `${problems.length} inbox file(s) could not be imported and were left in the inbox (imported ${counts.imported}, failed ${counts.failed}): ${problems[0]}`,
      );
    }
    return counts;
  }

  /**
   * Files left in a claim folder by a process that died while importing them go back where they
   * came from (an import is all or nothing: at worst the next run finds it already imported).
   */
  private async recoverAbandoned(inboxDir: string, now: Date): Promise<void> {
    const claims = join(inboxDir, CLAIMED_DIR);
    for (const entry of await readdir(claims, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const dir = join(claims, entry.name);
      const info = await stat(dir).catch(() => null);
      if (info === null || now.getTime() - info.mtimeMs < ABANDONED_CLAIM_MS) continue;
      const folder = entry.name.slice(0, entry.name.lastIndexOf('.'));
      const target = folder === ROOT_KEY ? inboxDir : join(inboxDir, folder);
      if (folder !== ROOT_KEY && !(folder in INBOX_FOLDERS)) continue;
      for (const name of await readdir(dir)) {
        if (!existsSync(join(target, name))) await rename(join(dir, name), join(target, name));
      }
      await rm(dir, { recursive: true, force: true });
      this.logger.warn(`${entry.name}: an interrupted import's files went back to the inbox`);
    }
  }

  private async candidates(
    inboxDir: string,
  ): Promise<{ candidates: Candidate[]; ignored: number }> {
    const candidates: Candidate[] = [];
    let ignored = 0;
    for (const folder of ['', ...Object.keys(INBOX_FOLDERS)]) {
      const dir = join(inboxDir, folder);
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isFile() || !isInboxDataFile(entry.name)) continue;
        const path = join(dir, entry.name);
        const sidecar = existsSync(sidecarOf(path)) ? sidecarOf(path) : null;
        if (folder === '' && sidecar === null) {
          ignored += 1; // the top folder needs a sidecar to say what the file is
          continue;
        }
        candidates.push({ folder: folder || '.', name: entry.name, path, sidecar });
      }
    }
    candidates.sort((a, b) => a.path.localeCompare(b.path));
    return { candidates, ignored };
  }

  private async importOne(
    inboxDir: string,
    candidate: Candidate,
  ): Promise<{ kind: 'imported' | 'failed' | 'taken' } | { kind: 'error'; message: string }> {
    // The claim folder's name says where the file came from, for recoverAbandoned().
    const from = candidate.folder === '.' ? ROOT_KEY : candidate.folder;
    const claimDir = join(inboxDir, CLAIMED_DIR, `${from}.${randomBytes(6).toString('hex')}`);
    await mkdir(claimDir);
    const claimed = join(claimDir, candidate.name);
    try {
      await rename(candidate.path, claimed);
    } catch {
      await rm(claimDir, { recursive: true, force: true });
      return { kind: 'taken' }; // another run claimed it first
    }
    const claimedSidecar = candidate.sidecar === null ? null : sidecarOf(claimed);
    if (candidate.sidecar !== null && claimedSidecar !== null) {
      await rename(candidate.sidecar, claimedSidecar).catch(() => undefined);
    }
    const label = `${candidate.folder}/${candidate.name}`;
    try {
      const options = await this.options(candidate, claimedSidecar);
      const outcome = await this.imports.importFile({
        path: claimed,
        fileName: candidate.name,
        kind: options.kind,
        profile: options.profile,
        sheet: options.sheet,
        country: options.country,
        currency: options.currency,
        dryRun: false,
        createdBy: INBOX_USER,
      });
      await this.moveOut(claimed, claimedSidecar, join(inboxDir, PROCESSED_DIR), null);
      const batchId = await this.intake
        .batchIdForImport(outcome.summary, SYSTEM_ACTOR)
        .catch((error: unknown) => {
          // The file is imported (and stays so); its batch can be made by hand.
          const message = redactText(error instanceof Error ? error.message : String(error));
          this.logger.error(
            `${label}: imported as import ${outcome.summary.importId}, but its batch could not be made (${message}); run: batch create ${outcome.summary.importId}`,
          );
          return null;
        });
      this.logger.log(
        `${label}: imported as import ${outcome.summary.importId}${batchId === null ? '' : `, batch ${batchId}`} (${outcome.summary.valid} valid, ${outcome.summary.invalid} invalid, ${outcome.summary.duplicates} duplicate)`,
      );
      return { kind: 'imported' };
    } catch (error) {
      if (error instanceof ImportError) {
        await this.moveOut(claimed, claimedSidecar, join(inboxDir, FAILED_DIR), errorText(error));
        this.logger.warn(`${label}: refused: ${redactText(error.message)}`);
        return { kind: 'failed' };
      }
      // Not the file's fault (e.g. the database is down): back where it was, for the next run.
      await rename(claimed, candidate.path).catch(() => undefined);
      if (candidate.sidecar !== null && claimedSidecar !== null) {
        await rename(claimedSidecar, candidate.sidecar).catch(() => undefined);
      }
      const message = redactText(error instanceof Error ? error.message : String(error));
      this.logger.error(`${label}: could not be imported: ${message}`);
      return { kind: 'error', message: `${label}: ${message}` };
    } finally {
      await rm(claimDir, { recursive: true, force: true });
    }
  }

  private async options(
    candidate: Candidate,
    sidecarPath: string | null,
  ): Promise<Omit<Sidecar, 'profile'> & { kind: string; profile: ImportProfile }> {
    let sidecar: Sidecar | null = null;
    if (sidecarPath !== null) sidecar = await readSidecar(sidecarPath, candidate.name);
    const reference =
      sidecar === null
        ? INBOX_FOLDERS[candidate.folder]
        : resolveProfileReference(sidecar.profile, sidecarPath as string);
    // The inbox is a folder of this machine: a sidecar may name a profile file beside it.
    const profile = await this.profiles.resolve({ reference, localFiles: true });
    if (profile === undefined) throw new ImportError('PROFILE_NOT_FOUND', 'No profile is named.');
    return { ...sidecar, profile, kind: profile.type };
  }

  /** Moves the file (and its sidecar) to `dir`; with an error, writes FILE.error.txt beside it. */
  private async moveOut(
    file: string,
    sidecar: string | null,
    dir: string,
    error: string | null,
  ): Promise<void> {
    const fileName = file.slice(file.lastIndexOf('/') + 1);
    const name = freeName(
      fileName,
      (n) => existsSync(join(dir, n)) || existsSync(join(dir, `${n}.error.txt`)),
    );
    if (error !== null) {
      const target = join(dir, `${name}.error.txt`);
      await writeFile(`${target}.tmp`, error, 'utf8');
      await rename(`${target}.tmp`, target);
    }
    if (sidecar !== null && existsSync(sidecar)) {
      await rename(sidecar, join(dir, sidecarOf(name)));
    }
    await rename(file, join(dir, name));
  }
}

async function look(path: string): Promise<FileLook | null> {
  try {
    const info = await stat(path);
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

async function readSidecar(path: string, fileName: string): Promise<Sidecar> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The sidecar ${fileName}.profile.json is not valid JSON: ${(error as Error).message}`,
    );
  }
  const value = parsed as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const v = value?.[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new ImportError(
        'PROFILE_INVALID',
        `The sidecar ${fileName}.profile.json has "${key}": ${JSON.stringify(v)}, which must be a non-empty text.`,
      );
    }
    return v.trim();
  };
  const profile = text('profile');
  if (typeof parsed !== 'object' || parsed === null || profile === undefined) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The sidecar ${fileName}.profile.json must name a profile, e.g. {"profile": "suppliers"} or {"profile": "acme-payroll.json"}.`,
    );
  }
  return { profile, sheet: text('sheet'), country: text('country'), currency: text('currency') };
}

/** The error file's text: what was wrong, and the details (e.g. the earlier import of a duplicate). */
function errorText(error: ImportError): string {
  const lines = [`${error.code}: ${redactText(error.message)}`];
  if (error.details !== null && error.details !== undefined) {
    lines.push('', JSON.stringify(error.details, null, 2));
  }
  return `${lines.join('\n')}\n`;
}
