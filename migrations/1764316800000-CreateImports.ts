import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import {
  dateTimeColumn,
  idColumn,
  longTextColumn,
  minorUnitsColumn,
} from './support/portable-columns';

export class CreateImports1764316800000 implements MigrationInterface {
  name = 'CreateImports1764316800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'imports',
        columns: [
          idColumn(),
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'file_name', type: 'varchar', length: '255' },
          { name: 'file_sha256', type: 'varchar', length: '64' },
          { name: 'file_format', type: 'varchar', length: '8' },
          { name: 'file_size', type: 'integer' },
          { name: 'profile', type: 'varchar', length: '200' },
          // What the payees are to the merchant on Dollr (EMPLOYEE, SUPPLIER, CUSTOMER…), from the profile.
          { name: 'relationship_type', type: 'varchar', length: '24' },
          { name: 'sheet', type: 'varchar', length: '100', isNullable: true },
          { name: 'header_row', type: 'integer' },
          longTextColumn(queryRunner, 'headers'),
          { name: 'country', type: 'varchar', length: '2', isNullable: true },
          { name: 'currency', type: 'varchar', length: '3', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'created_at'),
          { name: 'row_count', type: 'integer', default: 0 },
          { name: 'valid_count', type: 'integer', default: 0 },
          { name: 'invalid_count', type: 'integer', default: 0 },
          { name: 'duplicate_count', type: 'integer', default: 0 },
          { name: 'skipped_count', type: 'integer', default: 0 },
          { name: 'invoice_count', type: 'integer', isNullable: true },
        ],
        uniques: [{ name: 'uq_imports_file_sha256', columnNames: ['file_sha256'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'import_totals',
        columns: [
          { name: 'import_id', type: 'integer', isPrimary: true },
          { name: 'currency', type: 'varchar', length: '3', isPrimary: true },
          minorUnitsColumn('amount_minor'),
        ],
        foreignKeys: [
          {
            name: 'fk_import_totals_import',
            columnNames: ['import_id'],
            referencedTableName: 'imports',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'import_rows',
        columns: [
          idColumn(),
          { name: 'import_id', type: 'integer' },
          { name: 'row_number', type: 'integer' },
          { name: 'status', type: 'varchar', length: '16' },
          longTextColumn(queryRunner, 'raw'),
          longTextColumn(queryRunner, 'fields', true),
          { name: 'currency', type: 'varchar', length: '3', isNullable: true },
          minorUnitsColumn('amount_minor', true),
          longTextColumn(queryRunner, 'errors'),
          longTextColumn(queryRunner, 'warnings'),
          // Set on valid rows only: what a later import looks up to find the same payment.
          { name: 'dedupe_key', type: 'varchar', length: '191', isNullable: true },
          { name: 'duplicate_of_import_id', type: 'integer', isNullable: true },
          { name: 'duplicate_of_row', type: 'integer', isNullable: true },
        ],
        uniques: [{ name: 'uq_import_rows_import_row', columnNames: ['import_id', 'row_number'] }],
        indices: [
          { name: 'ix_import_rows_import_status', columnNames: ['import_id', 'status'] },
          { name: 'ix_import_rows_dedupe_key', columnNames: ['dedupe_key'] },
        ],
        foreignKeys: [
          {
            name: 'fk_import_rows_import',
            columnNames: ['import_id'],
            referencedTableName: 'imports',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('import_rows');
    await queryRunner.dropTable('import_totals');
    await queryRunner.dropTable('imports');
  }
}
