import { confusableSkeleton, requireIdentity } from './identity';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { type Page, type PageRequest } from '../common/paging';
import { fetchPage } from '../database/paged-query';
import { AppError } from '../common/app-error';
import type { Actor } from './actor';
import {
  apiKeyHint,
  checkKeyName,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  sameHash,
} from './api-key.util';
import { AuditLog } from './audit-log.service';
import { ApiKeyEntity } from './entities/api-key.entity';
import { isRole, ROLES, type Role } from './roles';

/** A key as listed: never the key itself. */
export interface ApiKeyView {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly hint: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** What `keys create` and `POST /keys` answer: the only time the key is shown. */
export interface CreatedApiKey {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly key: string;
}

/** Last-used times are written at most this often per key, not on every request. */
const LAST_USED_PRECISION_MS = 60_000;

export const FIRST_KEY_COMMAND = 'npm run cli -- keys create --name admin --role admin';

/** API keys: created (shown once, stored as SHA-256), listed, revoked, and checked on requests. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  async create(name: string, role: string, actor: Actor, now = new Date()): Promise<CreatedApiKey> {
    const problem = checkKeyName(name);
    if (problem !== null) throw new AppError('KEY_INVALID', problem, 400, { field: 'name' });
    if (!isRole(role)) {
      throw new AppError(
        'KEY_INVALID',
        `The role must be one of ${ROLES.join(', ')}, not "${role}".`,
        400,
        { field: 'role' },
      );
    }
    // A key's name is its holder's identity (src/auth/identity.ts), stored as such.
    const trimmed = requireIdentity(name, 'key name');
    const reserved = checkKeyName(trimmed);
    if (reserved !== null) throw new AppError('KEY_INVALID', reserved, 400, { field: 'name' });
    const key = generateApiKey();
    try {
      return await this.dataSource.transaction(async (manager) => {
        const taken = await lookAlike(manager, trimmed);
        if (taken !== null) throw nameTaken(trimmed, taken);
        const saved = await manager.save(
          manager.create(ApiKeyEntity, {
            name: trimmed,
            nameKey: trimmed,
            role,
            keyHash: hashApiKey(key),
            keyHint: apiKeyHint(key),
            createdBy: actor.name.slice(0, 100),
            createdAt: now,
            lastUsedAt: null,
            revokedAt: null,
            revokedBy: null,
          }),
        );
        await this.audit.record(manager, {
          actor,
          action: 'key.created',
          subject: { type: 'key', id: saved.id },
          details: { name: trimmed, role, hint: saved.keyHint },
          at: now,
        });
        return { id: saved.id, name: trimmed, role, key };
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const taken = await lookAlike(this.dataSource.manager, trimmed);
        if (taken !== null) throw nameTaken(trimmed, taken);
      }
      throw error;
    }
  }

  /** Keys oldest first, a page at a time. */
  async list(request: PageRequest): Promise<Page<ApiKeyView>> {
    const page = await fetchPage(
      this.dataSource.getRepository(ApiKeyEntity).createQueryBuilder('k'),
      'k.id',
      'ASC',
      request,
    );
    return { items: page.items.map(viewOf), next: page.next };
  }

  async revoke(id: number, actor: Actor, now = new Date()): Promise<ApiKeyView> {
    return this.dataSource.transaction(async (manager) => {
      const key = await manager.findOneBy(ApiKeyEntity, { id });
      if (key === null) throw new AppError('KEY_NOT_FOUND', `There is no API key ${id}.`, 404);
      if (key.revokedAt !== null) {
        throw new AppError(
          'KEY_ALREADY_REVOKED',
          `API key ${id} (${key.name}) was already revoked at ${key.revokedAt.toISOString()}.`,
          409,
        );
      }
      await manager.update(ApiKeyEntity, id, {
        revokedAt: now,
        revokedBy: actor.name.slice(0, 100),
      });
      await this.audit.record(manager, {
        actor,
        action: 'key.revoked',
        subject: { type: 'key', id },
        details: { name: key.name, role: key.role, hint: key.keyHint },
        at: now,
      });
      return viewOf({ ...key, revokedAt: now, revokedBy: actor.name });
    });
  }

  /** Keys that can still be used. */
  async activeCount(): Promise<number> {
    return this.dataSource.getRepository(ApiKeyEntity).countBy({ revokedAt: IsNull() });
  }

  /** The caller a key identifies, or null when it is unknown, malformed or revoked. */
  async authenticate(key: string, now = new Date()): Promise<Actor | null> {
    if (!isWellFormedApiKey(key)) return null;
    const hash = hashApiKey(key);
    const found = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyHash: hash });
    if (found === null || !sameHash(found.keyHash, hash) || found.revokedAt !== null) return null;
    if (
      found.lastUsedAt === null ||
      now.getTime() - found.lastUsedAt.getTime() >= LAST_USED_PRECISION_MS
    ) {
      await this.dataSource.getRepository(ApiKeyEntity).update(found.id, { lastUsedAt: now });
    }
    return { name: found.name, role: found.role, keyId: found.id };
  }
}

function viewOf(key: ApiKeyEntity): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    hint: key.keyHint,
    createdBy: key.createdBy,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** The key whose name is, or looks like (same TR39 skeleton), `identity`; null when none. */
async function lookAlike(manager: EntityManager, identity: string): Promise<ApiKeyEntity | null> {
  const same = await manager.findOneBy(ApiKeyEntity, { nameKey: identity });
  if (same !== null) return same;
  const skeleton = confusableSkeleton(identity);
  const keys = await manager.find(ApiKeyEntity, {
    select: { id: true, name: true, revokedAt: true },
  });
  return keys.find((key) => confusableSkeleton(key.name) === skeleton) ?? null;
}

function nameTaken(name: string, taken: ApiKeyEntity): AppError {
  return new AppError(
    'KEY_NAME_TAKEN',
    `An API key named "${taken.name}" already exists (id ${taken.id}${taken.revokedAt === null ? '' : ', revoked'}); key names are unique regardless of case, spacing, invisible characters and look-alike letters. Choose another name for "${name}".`,
    409,
    { id: taken.id },
  );
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
