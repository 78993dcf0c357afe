import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Dollr payment account an attempt's session was opened for. Dollr executes a payout only
 * with the account its session names, so a session opened before the account was re-created is
 * not used with the new one: a new session is opened instead.
 */
export class AttemptSessionAccount1764835200000 implements MigrationInterface {
  name = 'AttemptSessionAccount1764835200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE payment_attempts ADD COLUMN session_account_id INTEGER NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE payment_attempts DROP COLUMN session_account_id');
  }
}
