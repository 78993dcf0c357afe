import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MinorUnitsColumn } from '../../database/columns';

/** One line of an invoice (one import row), and the Dollr item it became. */
@Entity({ name: 'invoice_lines' })
export class InvoiceLineEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'invoice_id', type: 'integer' })
  invoiceId!: number;

  @Column({ name: 'import_row_id', type: 'integer' })
  importRowId!: number;

  @Column({ name: 'row_number', type: 'integer' })
  rowNumber!: number;

  @Column({ name: 'item', type: 'varchar', length: 200 })
  item!: string;

  /** A decimal string: quantities may have up to 4 decimals. */
  @Column({ name: 'qty', type: 'varchar', length: 24 })
  qty!: string;

  @MinorUnitsColumn({ name: 'unit_price_minor' })
  unitPriceMinor!: bigint;

  /** The line total (qty × unit price). */
  @MinorUnitsColumn({ name: 'amount_minor' })
  amountMinor!: bigint;

  @Column({ name: 'dollr_item_id', type: 'integer', nullable: true })
  dollrItemId!: number | null;
}
