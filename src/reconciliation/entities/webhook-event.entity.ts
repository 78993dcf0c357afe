import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/** PENDING: to be delivered (again). DELIVERED: the receiver answered 2xx. FAILED: gave up. */
export type WebhookEventStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** One ERP webhook event (the outbox): at most one per entity and final status. */
@Entity({ name: 'webhook_events' })
export class WebhookEventEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  /** UUID sent in the body and in X-Dollr-Connector-Event-Id; the same on every retry. */
  @Column({ name: 'event_id', type: 'varchar', length: 36 })
  eventId!: string;

  @Column({ name: 'entity_type', type: 'varchar', length: 16 })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'integer' })
  entityId!: number;

  @Column({ name: 'final_status', type: 'varchar', length: 16 })
  finalStatus!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 40 })
  eventType!: string;

  /** The exact JSON text sent and signed. */
  @Column({ name: 'body', type: 'text' })
  body!: string;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: WebhookEventStatus;

  @Column({ name: 'attempts', type: 'integer', default: 0 })
  attempts!: number;

  @UtcDateTimeColumn({ name: 'next_attempt_at' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ name: 'lease_owner', type: 'varchar', length: 100, nullable: true })
  leaseOwner!: string | null;

  @UtcDateTimeColumn({ name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UtcDateTimeColumn({ name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;
}
