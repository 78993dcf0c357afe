import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

/** One state-changing action. Append-only: the connector never updates or deletes these rows. */
@Entity({ name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @UtcDateTimeColumn({ name: 'at' })
  at!: Date;

  @Column({ name: 'actor', type: 'varchar', length: 100 })
  actor!: string;

  /** The API key's role, or `cli` / `system`. */
  @Column({ name: 'role', type: 'varchar', length: 16 })
  role!: string;

  @Column({ name: 'api_key_id', type: 'integer', nullable: true })
  apiKeyId!: number | null;

  @Column({ name: 'action', type: 'varchar', length: 40 })
  action!: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 16 })
  subjectType!: string;

  @Column({ name: 'subject_id', type: 'integer', nullable: true })
  subjectId!: number | null;

  /** The import concerned (the import itself, or the batch's import): for filtering. */
  @Column({ name: 'import_id', type: 'integer', nullable: true })
  importId!: number | null;

  /** The batch concerned: for filtering and for the batch's report. */
  @Column({ name: 'batch_id', type: 'integer', nullable: true })
  batchId!: number | null;

  @Column({ name: 'details', type: 'simple-json' })
  details!: Record<string, unknown>;
}
