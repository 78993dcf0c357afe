import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { CurrencyCode } from '../../money/currency';
import { MinorUnitsColumn } from '../../database/columns';
import { ImportEntity } from './import.entity';

/** The sum of an import's valid rows in one currency, in minor units. */
@Entity({ name: 'import_totals' })
export class ImportTotalEntity {
  @PrimaryColumn({ name: 'import_id', type: 'integer' })
  importId!: number;

  @PrimaryColumn({ name: 'currency', type: 'varchar', length: 3 })
  currency!: CurrencyCode;

  @MinorUnitsColumn({ name: 'amount_minor' })
  amountMinor!: bigint;

  @ManyToOne(() => ImportEntity, (imp) => imp.totals, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: ImportEntity;
}
