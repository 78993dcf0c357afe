import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { dropPlainColumn } from './support/portable-columns';

/** Whether the worksheet an import read is hidden in Excel (`hidden`, `veryHidden`), for its summary's warning. */
export class ImportSheetState1765267200000 implements MigrationInterface {
  name = 'ImportSheetState1765267200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'imports',
      new TableColumn({ name: 'sheet_state', type: 'varchar', length: '16', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPlainColumn(queryRunner, 'imports', 'sheet_state');
  }
}
