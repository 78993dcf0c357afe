import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { dateTimeColumn, idColumn, longTextColumn } from './support/portable-columns';

/** Import profiles saved on the server (POST /profiles), used by name in uploads. */
export class CreateImportProfiles1765008000000 implements MigrationInterface {
  name = 'CreateImportProfiles1765008000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'import_profiles',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '64' },
          { name: 'type', type: 'varchar', length: '16' },
          longTextColumn(queryRunner, 'document'),
          { name: 'created_by', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'created_at'),
        ],
        uniques: [{ name: 'uq_import_profiles_name', columnNames: ['name'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('import_profiles');
  }
}
