import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MAX_PAGE_SIZE, type Page, type PageRequest } from '../common/paging';
import { fetchPage } from '../database/paged-query';
import type { Actor } from './actor';
import { AuditEventEntity } from './entities/audit-event.entity';

export const AUDIT_ACTIONS = [
  'import.created',
  'batch.created',
  'batch.preflight',
  'batch.approved',
  'batch.run',
  'batch.paused',
  'batch.resumed',
  'batch.canceled',
  'batch.retry_failed',
  'batch.approval_voided',
  'key.created',
  'key.revoked',
  'job.run',
  'profile.saved',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type AuditSubject =
  | { readonly type: 'import'; readonly id: number }
  | { readonly type: 'batch'; readonly id: number; readonly importId: number }
  | { readonly type: 'key'; readonly id: number }
  | { readonly type: 'job'; readonly id: number }
  | { readonly type: 'profile'; readonly id: number };

export interface AuditEntry {
  readonly actor: Actor;
  readonly action: AuditAction;
  readonly subject: AuditSubject;
  /** What was involved: totals per currency, counts, reasons. Never a secret. */
  readonly details?: Record<string, unknown>;
  readonly at?: Date;
}

/** The `GET /audit` / `audit --json` item. */
export interface AuditEventView {
  readonly id: number;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: number | null;
  readonly details: Record<string, unknown>;
}

export interface AuditFilter {
  readonly batchId?: number;
  readonly importId?: number;
  readonly action?: string;
}

/**
 * The audit log: who did what, when, on which import, batch or key, with the totals involved.
 * Rows are only ever inserted. Callers pass the transaction's manager so the entry is committed
 * together with the action it records.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const { subject } = entry;
    const event = manager.create(AuditEventEntity, {
      at: entry.at ?? new Date(),
      actor: entry.actor.name.slice(0, 100),
      role: entry.actor.role,
      apiKeyId: entry.actor.keyId,
      action: entry.action,
      subjectType: subject.type,
      subjectId: subject.id,
      importId:
        subject.type === 'import' ? subject.id : subject.type === 'batch' ? subject.importId : null,
      batchId: subject.type === 'batch' ? subject.id : null,
      details: entry.details ?? {},
    });
    await manager.save(event);
  }

  /** Entries newest first, filtered by batch (its import's entries included), import or action. */
  async list(filter: AuditFilter, request: PageRequest): Promise<Page<AuditEventView>> {
    const query = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('a');
    if (filter.batchId !== undefined) {
      query.andWhere(
        '(a.batch_id = :batchId OR (a.batch_id IS NULL AND a.import_id = (SELECT b.import_id FROM batches b WHERE b.id = :batchId)))',
        {
          batchId: filter.batchId,
        },
      );
    }
    if (filter.importId !== undefined)
      query.andWhere('a.import_id = :importId', { importId: filter.importId });
    if (filter.action !== undefined)
      query.andWhere('a.action = :action', { action: filter.action });
    const page = await fetchPage(query, 'a.id', 'DESC', request);
    return { items: page.items.map(viewOf), next: page.next };
  }

  /** Every entry of a batch, oldest first (its import's upload included): for the batch's report. */
  async forBatch(batchId: number): Promise<AuditEventView[]> {
    const entries: AuditEventView[] = [];
    let request: PageRequest = { limit: MAX_PAGE_SIZE };
    for (;;) {
      const page = await this.list({ batchId }, request);
      entries.push(...page.items);
      if (page.next === null || !('after' in page.next)) return entries.reverse();
      request = { limit: MAX_PAGE_SIZE, after: page.next.after };
    }
  }
}

function viewOf(event: AuditEventEntity): AuditEventView {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    role: event.role,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details: event.details,
  };
}
