import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';

export interface ApprovedTotal {
  readonly currency: string;
  readonly requested: string;
  readonly fees: string;
}

/** One person's approval of a batch's content, identified by its hash. */
@Entity({ name: 'batch_approvals' })
export class BatchApprovalEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @Column({ name: 'approved_by', type: 'varchar', length: 100 })
  approvedBy!: string;

  @UtcDateTimeColumn({ name: 'approved_at' })
  approvedAt!: Date;

  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'totals', type: 'simple-json' })
  totals!: ApprovedTotal[];

  @UtcDateTimeColumn({ name: 'voided_at', nullable: true })
  voidedAt!: Date | null;

  @Column({ name: 'void_reason', type: 'varchar', length: 200, nullable: true })
  voidReason!: string | null;
}
