import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';
import type { BatchStatus } from '../batch-status';

export type BatchKind = 'PAYOUT' | 'INVOICE';

/** The payments (or invoices) of one import, approved and run together. */
@Entity({ name: 'batches' })
export class BatchEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'import_id', type: 'integer' })
  importId!: number;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: BatchKind;

  @Column({ name: 'status', type: 'varchar', length: 32 })
  status!: BatchStatus;

  @Column({ name: 'relationship_type', type: 'varchar', length: 24 })
  relationshipType!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UtcDateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;

  /** An unapproved batch is canceled ("expired") after this time. */
  @UtcDateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @UtcDateTimeColumn({ name: 'preflight_at', nullable: true })
  preflightAt!: Date | null;

  /** When a pre-flight of this batch was first started: the service continues one left unfinished. */
  @UtcDateTimeColumn({ name: 'preflight_started_at', nullable: true })
  preflightStartedAt!: Date | null;

  /** The process running this batch's pre-flight now, and until when (one at a time). */
  @Column({ name: 'preflight_lease_owner', type: 'varchar', length: 100, nullable: true })
  preflightLeaseOwner!: string | null;

  @UtcDateTimeColumn({ name: 'preflight_lease_expires_at', nullable: true })
  preflightLeaseExpiresAt!: Date | null;

  /** Hash of the content approvals are bound to, set when the batch is submitted. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  @Column({ name: 'approvals_required', type: 'integer', default: 1 })
  approvalsRequired!: number;

  /** Why the batch is paused or was canceled ("expired", a Dollr refusal, an operator's note). */
  @Column({ name: 'status_reason', type: 'varchar', length: 500, nullable: true })
  statusReason!: string | null;

  @UtcDateTimeColumn({ name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @UtcDateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
