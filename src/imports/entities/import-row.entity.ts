import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CurrencyCode } from '../../money/currency';
import { MinorUnitsColumn } from '../../database/columns';
import { ImportEntity } from './import.entity';

export type ImportRowStatus = 'valid' | 'invalid' | 'duplicate' | 'skipped';

export interface RowIssue {
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

/** One row of an uploaded file as read, as understood, and what is wrong with it. */
@Entity({ name: 'import_rows' })
@Index('uq_import_rows_import_row', ['importId', 'rowNumber'], { unique: true })
export class ImportRowEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'import_id', type: 'integer' })
  importId!: number;

  /** The row number the user sees in the file (1-based, counting header and title rows). */
  @Column({ name: 'row_number', type: 'integer' })
  rowNumber!: number;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: ImportRowStatus;

  /** The cells as read, keyed by the file's own header. */
  @Column({ name: 'raw', type: 'simple-json' })
  raw!: Record<string, string>;

  /** The normalised fields (phone in E.164, amount as a decimal string, …). */
  @Column({ name: 'fields', type: 'simple-json', nullable: true })
  fields!: Record<string, string | null> | null;

  @Column({ name: 'currency', type: 'varchar', length: 3, nullable: true })
  currency!: CurrencyCode | null;

  @MinorUnitsColumn({ name: 'amount_minor', nullable: true })
  amountMinor!: bigint | null;

  @Column({ name: 'errors', type: 'simple-json' })
  errors!: RowIssue[];

  @Column({ name: 'warnings', type: 'simple-json' })
  warnings!: RowIssue[];

  @Column({ name: 'duplicate_of_row_id', type: 'integer', nullable: true })
  duplicateOfRowId!: number | null;

  @ManyToOne(() => ImportEntity, (imp) => imp.rows, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: ImportEntity;
}
