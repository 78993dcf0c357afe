import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CurrencyCode } from '../../money/currency';
import { MinorUnitsColumn } from '../../database/columns';
import type { RowFields, RowIssue, RowStatus } from '../import.types';
import { ImportEntity } from './import.entity';

export type ImportRowStatus = RowStatus;
export type { RowIssue };

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

  /** The cells as read, in the order of the import's `headers`. */
  @Column({ name: 'raw', type: 'simple-json' })
  raw!: string[];

  /** The normalised fields (phone in E.164 digits, amount as a decimal string, …). */
  @Column({ name: 'fields', type: 'simple-json', nullable: true })
  fields!: RowFields | null;

  @Column({ name: 'currency', type: 'varchar', length: 3, nullable: true })
  currency!: CurrencyCode | null;

  /** payables: the amount; receivables: the line total. */
  @MinorUnitsColumn({ name: 'amount_minor', nullable: true })
  amountMinor!: bigint | null;

  @Column({ name: 'errors', type: 'simple-json' })
  errors!: RowIssue[];

  @Column({ name: 'warnings', type: 'simple-json' })
  warnings!: RowIssue[];

  /** Set on valid rows: the payee and period (or invoice) a later import is compared with. */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 191, nullable: true })
  dedupeKey!: string | null;

  @Column({ name: 'duplicate_of_import_id', type: 'integer', nullable: true })
  duplicateOfImportId!: number | null;

  @Column({ name: 'duplicate_of_row', type: 'integer', nullable: true })
  duplicateOfRow!: number | null;

  @ManyToOne(() => ImportEntity, (imp) => imp.rows, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: ImportEntity;
}
