import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { UtcDateTimeColumn } from '../../database/columns';
import type { CurrencyCode, MarketCode } from '../../money/currency';
import type { ImportKind } from '../import.types';
import type { PeriodSource } from '../normalise/period';
import type { FileFormat } from '../readers/file-format';
import type { SheetState } from '../readers/xlsx.reader';
import { ImportRowEntity } from './import-row.entity';
import { ImportTotalEntity } from './import-total.entity';

export type { ImportKind };
export type ImportFileFormat = FileFormat;
export type ImportStatus = 'imported';

/** One uploaded file: what it was, who brought it, and what its rows came to. */
@Entity({ name: 'imports' })
export class ImportEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'kind', type: 'varchar', length: 16 })
  kind!: ImportKind;

  /** `imported` once stored; later issues move it on (batched, …). */
  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: ImportStatus;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ name: 'file_sha256', type: 'varchar', length: 64 })
  fileSha256!: string;

  @Column({ name: 'file_format', type: 'varchar', length: 8 })
  fileFormat!: ImportFileFormat;

  @Column({ name: 'file_size', type: 'integer' })
  fileSize!: number;

  @Column({ name: 'profile', type: 'varchar', length: 200 })
  profile!: string;

  /** What the payees are to the merchant on Dollr (EMPLOYEE, SUPPLIER, CUSTOMER…), from the profile. */
  @Column({ name: 'relationship_type', type: 'varchar', length: 24 })
  relationshipType!: string;

  @Column({ name: 'sheet', type: 'varchar', length: 100, nullable: true })
  sheet!: string | null;

  /** `hidden` or `veryHidden` when the sheet read is hidden in Excel (chosen by name); null when it shows. */
  @Column({ name: 'sheet_state', type: 'varchar', length: 16, nullable: true })
  sheetState!: SheetState | null;

  /** Row number of the header in the file; 0 until it is found. */
  @Column({ name: 'header_row', type: 'integer' })
  headerRow!: number;

  /** The header cells as written, in file order: the columns of `raw` and of the error report. */
  @Column({ name: 'headers', type: 'simple-json' })
  headers!: string[];

  /** --country, if given. */
  @Column({ name: 'country', type: 'varchar', length: 2, nullable: true })
  country!: MarketCode | null;

  /** --currency, if given. */
  @Column({ name: 'currency', type: 'varchar', length: 3, nullable: true })
  currency!: CurrencyCode | null;

  @Column({ name: 'created_by', type: 'varchar', length: 100 })
  createdBy!: string;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'row_count', type: 'integer', default: 0 })
  rowCount!: number;

  @Column({ name: 'valid_count', type: 'integer', default: 0 })
  validCount!: number;

  @Column({ name: 'invalid_count', type: 'integer', default: 0 })
  invalidCount!: number;

  @Column({ name: 'duplicate_count', type: 'integer', default: 0 })
  duplicateCount!: number;

  @Column({ name: 'skipped_count', type: 'integer', default: 0 })
  skippedCount!: number;

  /** Valid invoices (receivables); null for payables. */
  /** The pay period the import's payments share (null when they differ, or for receivables). */
  @Column({ name: 'period', type: 'varchar', length: 64, nullable: true })
  period!: string | null;

  /** Where that period came from: `column`, `option`, `profile`, `title`, `sheet`, `file-name`, `import-date`. */
  @Column({ name: 'period_from', type: 'varchar', length: 16, nullable: true })
  periodFrom!: PeriodSource | 'column' | null;

  @Column({ name: 'invoice_count', type: 'integer', nullable: true })
  invoiceCount!: number | null;

  @OneToMany(() => ImportTotalEntity, (total) => total.import)
  totals?: ImportTotalEntity[];

  @OneToMany(() => ImportRowEntity, (row) => row.import)
  rows?: ImportRowEntity[];
}
