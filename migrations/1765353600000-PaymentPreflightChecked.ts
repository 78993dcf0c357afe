import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';
import { dateTimeColumn, dropPlainColumn } from './support/portable-columns';

/**
 * When pre-flight checked each payment (null: not checked yet), so that a pre-flight stopped
 * midway (Dollr unavailable, a crash) goes on from where it stopped. Payments of batches already
 * pre-flighted count as checked then.
 */
export class PaymentPreflightChecked1765353600000 implements MigrationInterface {
  name = 'PaymentPreflightChecked1765353600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'payments',
      new TableColumn(dateTimeColumn(queryRunner, 'preflight_at', true)),
    );
    await queryRunner.query(
      `UPDATE payments SET preflight_at =
         (SELECT b.preflight_at FROM batches b WHERE b.id = payments.batch_id)
       WHERE batch_id IN (SELECT id FROM batches WHERE preflight_at IS NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await dropPlainColumn(queryRunner, 'payments', 'preflight_at');
  }
}
