import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, In } from 'typeorm';
import { AuditEventEntity } from '../auth/entities/audit-event.entity';
import { PaymentEntity } from '../payments/entities/payment.entity';
import { sqlValue } from '../database/sql-values';
import { JobWatermarkEntity } from './entities/job-watermark.entity';
import { WebhookEventEntity } from './entities/webhook-event.entity';
import { batchPausedEventBody, finalStatusKey, paymentEventBody } from './webhook-event.util';

const WATERMARK = 'webhook-dispatch';
/**
 * Each scan looks this far behind its watermark: a payment's status time is taken when its step
 * starts and committed a little later, so a scan could otherwise miss it.
 */
const OVERLAP_MS = 10 * 60_000;
const SCAN_LIMIT = 1_000;
const FINAL = ['COMPLETED', 'FAILED', 'CANCELED'];

/**
 * The webhook outbox: events are made by scanning payments that reached a final status since the
 * watermark (no hook in the executor), one per payment and final status, and per failed attempt
 * of a retried payment (a unique key, so replicas scanning together make each event once), and delivered under a lease, one process at a time.
 */
@Injectable()
export class WebhookOutbox {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds an event for every payment that became final since the watermark; returns how many. */
  async enqueueFinalPayments(now: Date): Promise<number> {
    // Replicas scanning at the same moment insert the same keys: InnoDB may pick one of them as a
    // deadlock victim. Nothing was half-written (each statement is atomic), so it just scans again.
    return withLockRetry(() => this.scan(now));
  }

  private async scan(now: Date): Promise<number> {
    const watermarks = this.dataSource.getRepository(JobWatermarkEntity);
    const mark = await watermarks.findOneBy({ name: WATERMARK });
    const since = new Date((mark?.value ?? now).getTime() - OVERLAP_MS);
    let created = 0;
    // finalStatusKey in SQL: string concatenation is CONCAT on MySQL, || on SQLite.
    const failedAgain =
      this.dataSource.options.type === 'mysql'
        ? "CONCAT('FAILED#', p.attempt_count)"
        : "'FAILED#' || p.attempt_count";
    const key = `CASE WHEN p.status = 'FAILED' AND p.attempt_count > 1 THEN ${failedAgain} ELSE p.status END`;
    for (;;) {
      const rows = await this.dataSource.query<
        { id: number | string; import_id: number | string }[]
      >(
        `SELECT p.id, r.import_id FROM payments p JOIN import_rows r ON r.id = p.import_row_id
         WHERE p.status IN ('COMPLETED', 'FAILED', 'CANCELED') AND p.status_changed_at >= ?
           AND NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.entity_type = 'payment'
                           AND e.entity_id = p.id AND e.final_status = ${key})
         ORDER BY p.id LIMIT ${SCAN_LIMIT}`,
        [sqlValue(this.dataSource, PaymentEntity, 'statusChangedAt', since)],
      );
      if (rows.length === 0) break;
      const importOf = new Map(rows.map((r) => [Number(r.id), Number(r.import_id)]));
      const payments = await this.dataSource
        .getRepository(PaymentEntity)
        .findBy({ id: In([...importOf.keys()]), status: In(FINAL) });
      const events = payments.map((payment) => {
        const eventId = randomUUID();
        const { type, body } = paymentEventBody(eventId, payment, importOf.get(payment.id) ?? null);
        return {
          eventId,
          entityType: 'payment',
          entityId: payment.id,
          finalStatus: finalStatusKey(payment.status, payment.attemptCount),
          eventType: type,
          body,
          ...pendingDelivery(now),
        };
      });
      created += await this.insertNew(events);
      if (rows.length < SCAN_LIMIT) break;
    }
    created += await this.enqueueBatchPauses(since, now);
    await watermarks.upsert({ name: WATERMARK, value: now }, ['name']);
    return created;
  }

  /**
   * A `batch.paused` event per pause recorded in the audit log since `since` (by an operator, or
   * by the executor when every payment would fail), keyed by its audit entry, so that a batch
   * paused, resumed and paused again is announced twice.
   */
  private async enqueueBatchPauses(since: Date, now: Date): Promise<number> {
    const pauses = await this.dataSource
      .getRepository(AuditEventEntity)
      .createQueryBuilder('a')
      .where('a.action = :action', { action: 'batch.paused' })
      .andWhere('a.at >= :since', {
        since: sqlValue(this.dataSource, AuditEventEntity, 'at', since),
      })
      .orderBy('a.id', 'ASC')
      .getMany();
    const events = pauses
      .filter((pause) => pause.subjectId !== null)
      .map((pause) => {
        const eventId = randomUUID();
        return {
          eventId,
          entityType: 'batch',
          entityId: pause.subjectId as number,
          finalStatus: `PAUSED#${pause.id}`,
          eventType: 'batch.paused',
          body: batchPausedEventBody(eventId, pause),
          ...pendingDelivery(now),
        };
      });
    return this.insertNew(events);
  }

  /**
   * Inserts the events another replica has not inserted already (the unique key keeps one), and
   * returns how many of these it inserted: counted by their ids, which only this scan made, since
   * the drivers do not say how many rows were ignored.
   */
  private async insertNew(events: NewEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(WebhookEventEntity)
      .values(events)
      .orIgnore()
      // The events are not read back: with ignored rows MySQL reports no ids to fill in.
      .updateEntity(false)
      .execute();
    return this.dataSource
      .getRepository(WebhookEventEntity)
      .countBy({ eventId: In(events.map((e) => e.eventId)) });
  }

  /** Ids of events due for a delivery now, oldest first. */
  async due(now: Date, limit: number): Promise<number[]> {
    const rows = await this.dataSource
      .getRepository(WebhookEventEntity)
      .createQueryBuilder('e')
      .select('e.id', 'id')
      .where('e.status = :pending', { pending: 'PENDING' })
      .andWhere('e.next_attempt_at <= :now', {
        now: sqlValue(this.dataSource, WebhookEventEntity, 'nextAttemptAt', now),
      })
      .orderBy('e.id', 'ASC')
      .limit(limit)
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** Takes one event for delivery unless another process holds it or it is no longer due. */
  async claim(
    id: number,
    owner: string,
    leaseMs: number,
    now: Date,
  ): Promise<WebhookEventEntity | null> {
    const at = (value: Date): unknown =>
      sqlValue(this.dataSource, WebhookEventEntity, 'leaseExpiresAt', value);
    const result = await withLockRetry(() =>
      this.dataSource
        .createQueryBuilder()
        .update(WebhookEventEntity)
        .set({ leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) })
        .where('id = :id', { id })
        .andWhere('status = :pending', { pending: 'PENDING' })
        .andWhere('next_attempt_at <= :now', { now: at(now) })
        .andWhere('(lease_expires_at IS NULL OR lease_expires_at < :now)', { now: at(now) })
        .execute(),
    );
    if ((result.affected ?? 0) === 0) return null;
    return this.dataSource.getRepository(WebhookEventEntity).findOneBy({ id, leaseOwner: owner });
  }

  async delivered(event: WebhookEventEntity, statusCode: number, now: Date): Promise<void> {
    await withLockRetry(() =>
      this.dataSource.getRepository(WebhookEventEntity).update(
        { id: event.id, leaseOwner: event.leaseOwner ?? '' },
        {
          status: 'DELIVERED',
          attempts: event.attempts + 1,
          lastStatusCode: statusCode,
          lastError: null,
          deliveredAt: now,
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      ),
    );
  }

  /** A failed delivery: tried again at `retryAt`, or FAILED when there is none. */
  async failed(
    event: WebhookEventEntity,
    statusCode: number | null,
    error: string,
    retryAt: Date | null,
  ): Promise<void> {
    await withLockRetry(() =>
      this.dataSource.getRepository(WebhookEventEntity).update(
        { id: event.id, leaseOwner: event.leaseOwner ?? '' },
        {
          status: retryAt === null ? 'FAILED' : 'PENDING',
          attempts: event.attempts + 1,
          lastStatusCode: statusCode,
          lastError: error.slice(0, 1000),
          ...(retryAt === null ? {} : { nextAttemptAt: retryAt }),
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      ),
    );
  }
}

/** Runs one atomic statement (or a re-runnable scan) again when it lost a lock conflict. */
async function withLockRetry<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= 5 || !isTransientLockError(error)) throw error;
      await sleep(50 + Math.floor(Math.random() * 200 * attempt));
    }
  }
}

/** A deadlock or lock wait that a retry resolves (MySQL/MariaDB), or a busy SQLite file. */
export function isTransientLockError(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown }; code?: unknown }).driverError?.code;
  return (
    code === 'ER_LOCK_DEADLOCK' ||
    code === 'ER_LOCK_WAIT_TIMEOUT' ||
    code === 'SQLITE_BUSY' ||
    code === 'SQLITE_BUSY_SNAPSHOT'
  );
}

/** An event as a scan makes it, before it is inserted. */
type NewEvent = Omit<WebhookEventEntity, 'id'>;

/** A new event's delivery state: due now, not tried yet, held by no one. */
function pendingDelivery(now: Date) {
  return {
    status: 'PENDING' as const,
    attempts: 0,
    nextAttemptAt: now,
    lastStatusCode: null,
    lastError: null,
    leaseOwner: null,
    leaseExpiresAt: null,
    createdAt: now,
    deliveredAt: null,
  };
}
