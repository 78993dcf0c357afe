import {
  type MigrationInterface,
  type QueryRunner,
  Table,
  type TableForeignKeyOptions,
} from 'typeorm';
import {
  dateTimeColumn,
  idColumn,
  longTextColumn,
  minorUnitsColumn,
} from './support/portable-columns';

function references(
  name: string,
  column: string,
  table: string,
  onDelete = 'RESTRICT',
): TableForeignKeyOptions {
  return {
    name,
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete,
  };
}

/**
 * Receivables: one invoice per ERP invoice number of an invoice batch (its payment row carries the
 * collection), its lines, the Dollr invoice it became and, once paid, its receipt.
 */
export class CreateInvoices1764489600000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'invoices',
        columns: [
          idColumn(),
          { name: 'batch_id', type: 'integer' },
          { name: 'payment_id', type: 'integer' },
          { name: 'invoice_number', type: 'varchar', length: '64' },
          // Written into the Dollr invoice's note, so a create whose answer was lost can be found.
          { name: 'reference', type: 'varchar', length: '40' },
          { name: 'currency', type: 'varchar', length: '3' },
          minorUnitsColumn('amount_minor'),
          { name: 'fee_bearer', type: 'varchar', length: '8' },
          { name: 'due_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'email', type: 'varchar', length: '200', isNullable: true },
          { name: 'sync_state', type: 'varchar', length: '16' },
          { name: 'dollr_invoice_id', type: 'integer', isNullable: true },
          { name: 'dollr_number', type: 'varchar', length: '64', isNullable: true },
          { name: 'dollr_status', type: 'varchar', length: '16', isNullable: true },
          { name: 'payment_link', type: 'varchar', length: '1000', isNullable: true },
          dateTimeColumn(queryRunner, 'create_started_at', true),
          dateTimeColumn(queryRunner, 'published_at', true),
          dateTimeColumn(queryRunner, 'status_checked_at', true),
          dateTimeColumn(queryRunner, 'status_changed_at', true),
          dateTimeColumn(queryRunner, 'paid_at', true),
          minorUnitsColumn('receipt_payer_amount_minor', true),
          { name: 'receipt_payer_currency', type: 'varchar', length: '3', isNullable: true },
          minorUnitsColumn('receipt_payee_amount_minor', true),
          { name: 'receipt_payee_currency', type: 'varchar', length: '3', isNullable: true },
          minorUnitsColumn('receipt_platform_fee_minor', true),
          minorUnitsColumn('receipt_gateway_fee_minor', true),
          minorUnitsColumn('receipt_fx_fee_minor', true),
          { name: 'receipt_fee_currency', type: 'varchar', length: '3', isNullable: true },
          { name: 'receipt_fx_rate', type: 'varchar', length: '40', isNullable: true },
          { name: 'receipt_provider', type: 'varchar', length: '32', isNullable: true },
          {
            name: 'receipt_provider_transaction_id',
            type: 'varchar',
            length: '100',
            isNullable: true,
          },
          longTextColumn(queryRunner, 'receipt', true),
        ],
        uniques: [
          { name: 'uq_invoices_payment', columnNames: ['payment_id'] },
          { name: 'uq_invoices_reference', columnNames: ['reference'] },
        ],
        indices: [
          { name: 'ix_invoices_batch', columnNames: ['batch_id'] },
          { name: 'ix_invoices_dollr_status', columnNames: ['dollr_status'] },
        ],
        foreignKeys: [
          references('fk_invoices_batch', 'batch_id', 'batches'),
          references('fk_invoices_payment', 'payment_id', 'payments'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'invoice_lines',
        columns: [
          idColumn(),
          { name: 'invoice_id', type: 'integer' },
          { name: 'import_row_id', type: 'integer' },
          { name: 'row_number', type: 'integer' },
          { name: 'item', type: 'varchar', length: '200' },
          { name: 'qty', type: 'varchar', length: '24' },
          minorUnitsColumn('unit_price_minor'),
          minorUnitsColumn('amount_minor'),
          { name: 'dollr_item_id', type: 'integer', isNullable: true },
        ],
        uniques: [{ name: 'uq_invoice_lines_import_row', columnNames: ['import_row_id'] }],
        indices: [{ name: 'ix_invoice_lines_invoice', columnNames: ['invoice_id'] }],
        foreignKeys: [
          references('fk_invoice_lines_invoice', 'invoice_id', 'invoices', 'CASCADE'),
          references('fk_invoice_lines_import_row', 'import_row_id', 'import_rows'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('invoice_lines');
    await queryRunner.dropTable('invoices');
  }
}
