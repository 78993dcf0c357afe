import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The connector processes sending for one merchant, each with when its share of the Dollr rate
 * limit lapses and until when a 429 it was answered holds every process back (epoch ms).
 */
export class DollrRateBudget1765699200000 implements MigrationInterface {
  name = 'DollrRateBudget1765699200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'dollr_rate_budget',
        columns: [
          { name: 'sender', type: 'varchar', length: '190', isPrimary: true },
          { name: 'active_until', type: 'bigint' },
          { name: 'checked_in_at', type: 'bigint' },
          { name: 'paused_until', type: 'bigint' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('dollr_rate_budget');
  }
}
