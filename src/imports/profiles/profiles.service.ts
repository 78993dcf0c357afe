import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { AuditLog } from '../../auth/audit-log.service';
import { ImportProfileEntity } from '../entities/import-profile.entity';
import { ImportError } from '../import.errors';
import {
  builtInProfile,
  builtInProfileDocument,
  builtInProfileNames,
  isProfileName,
  looksLikePath,
  PROFILE_MAX_BYTES,
  parseProfileDocument,
  readLocalProfile,
  unknownProfile,
} from './profile.loader';
import type { ImportProfile } from './profile.types';

/** A profile as `GET /profiles` lists it. */
export interface ProfileSummary {
  readonly name: string;
  readonly type: string;
  readonly description: string | null;
  readonly source: 'built-in' | 'saved';
  readonly createdBy: string | null;
  readonly createdAt: string | null;
}

/** Where an import's profile comes from. */
export interface ProfileChoice {
  /** A built-in or saved profile's name; on this machine (CLI) also a local .json path. */
  readonly reference?: string;
  /** An uploaded profile document (`profileFile`). */
  readonly document?: Buffer;
  /** Whether `reference` may name a file on this machine: the CLI's user owns its files. */
  readonly localFiles?: boolean;
}

/**
 * Import profiles: the built-in ones, those saved on the server (`POST /profiles`), an uploaded
 * document, or (CLI only) a local file. Over HTTP a profile is never a path.
 */
@Injectable()
export class ProfilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** The profile an import uses, or undefined for its kind's built-in default. */
  async resolve(choice: ProfileChoice): Promise<ImportProfile | undefined> {
    if (choice.document !== undefined) {
      if (choice.document.length > PROFILE_MAX_BYTES) {
        throw new ImportError(
          'PROFILE_INVALID',
          `The profileFile is larger than ${PROFILE_MAX_BYTES / 1024} KiB.`,
        );
      }
      return parseProfileDocument(choice.document.toString('utf8'), 'profileFile');
    }
    const reference = choice.reference?.trim();
    if (reference === undefined || reference === '') return undefined;
    if (choice.localFiles === true && looksLikePath(reference)) return readLocalProfile(reference);
    return this.byName(reference);
  }

  /** A built-in or saved profile by name. */
  async byName(name: string): Promise<ImportProfile> {
    if (!isProfileName(name)) throw unknownProfile(name);
    const builtIn = builtInProfile(name);
    if (builtIn !== undefined) return builtIn;
    const saved = await this.repository().findOneBy({ name });
    if (saved === null) throw unknownProfile(name, await this.savedNames());
    return parseProfileDocument(saved.document, name);
  }

  async list(): Promise<ProfileSummary[]> {
    const builtIn = builtInProfileNames().map((name) =>
      summaryOf(builtInProfile(name) as ImportProfile, null),
    );
    const saved = await this.repository().find({ order: { name: 'ASC' } });
    return [
      ...builtIn,
      ...saved.map((entity) =>
        summaryOf(parseProfileDocument(entity.document, entity.name), entity),
      ),
    ];
  }

  /** One profile with its document. */
  async get(name: string): Promise<ProfileSummary & { profile: unknown }> {
    const profile = await this.byName(name);
    const builtIn = builtInProfileDocument(name);
    const saved = builtIn === undefined ? await this.entity(name) : null;
    const text = builtIn ?? saved?.document ?? 'null';
    return { ...summaryOf(profile, saved), profile: JSON.parse(text) as unknown };
  }

  /** Saves a profile document under its `name`, which no built-in or saved profile has. */
  async save(document: unknown, actor: Actor): Promise<ProfileSummary> {
    const text = JSON.stringify(document ?? null);
    const profile = parseProfileDocument(text, 'in the request');
    if (!isProfileName(profile.name)) {
      throw new ImportError(
        'PROFILE_INVALID',
        'name: a saved profile is named by 1 to 64 lower-case letters, digits, _ and - (e.g. my-erp-payroll).',
      );
    }
    if (builtInProfile(profile.name) !== undefined || (await this.entity(profile.name)) !== null) {
      throw new ImportError(
        'PROFILE_EXISTS',
        `A profile named "${profile.name}" exists already: give this one another name.`,
      );
    }
    const entity = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(ImportProfileEntity).save({
        name: profile.name,
        type: profile.type,
        document: text,
        createdBy: actor.name,
        createdAt: new Date(),
      });
      await this.audit.record(manager, {
        actor,
        action: 'profile.saved',
        subject: { type: 'profile', id: saved.id },
        details: { name: profile.name, type: profile.type },
      });
      return saved;
    });
    return summaryOf(profile, entity);
  }

  private async savedNames(): Promise<string[]> {
    const rows = await this.repository().find({ select: { name: true }, order: { name: 'ASC' } });
    return rows.map((row) => row.name);
  }

  private entity(name: string): Promise<ImportProfileEntity | null> {
    return this.repository().findOneBy({ name });
  }

  private repository() {
    return this.dataSource.getRepository(ImportProfileEntity);
  }
}

function summaryOf(profile: ImportProfile, saved: ImportProfileEntity | null): ProfileSummary {
  return {
    name: profile.name,
    type: profile.type,
    description: profile.description === '' ? null : profile.description,
    source: saved === null ? 'built-in' : 'saved',
    createdBy: saved?.createdBy ?? null,
    createdAt: saved?.createdAt.toISOString() ?? null,
  };
}
