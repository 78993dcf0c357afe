import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { dropPlainColumn } from './support/portable-columns';

/** The pay period an import's payments share, and where it came from (a column, --period, a title…). */
export class ImportPeriod1765094400000 implements MigrationInterface {
  name = 'ImportPeriod1765094400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('imports', [
      new TableColumn({ name: 'period', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'period_from', type: 'varchar', length: '16', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPlainColumn(queryRunner, 'imports', 'period_from');
    await dropPlainColumn(queryRunner, 'imports', 'period');
  }
}
