import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import {
  dateTimeColumn,
  dropPlainColumn,
  idColumn,
  minorUnitsColumn,
} from './support/portable-columns';

/**
 * What the connector keeps so that it asks Dollr only what Dollr has not told it yet:
 * - `fee_predictions`: Dollr's fee prediction per (operation, method, provider, currency, amount,
 *   fee bearer, fee tier), reused by later pre-flights while younger than FEE_PREDICTION_TTL_HOURS;
 * - `payees.party_create_sent_at`: set before a party create is sent to Dollr, so a payee whose
 *   sync never sent one creates its party without looking it up first. Payees that exist already
 *   may have had a create sent by an older version: they count as "sent" (they look up first).
 *   Whether anyone of the same name and phone may have had one sent is read by phone
 *   (`ix_payees_phone`);
 * - `batches.preflight_started_at` and a pre-flight lease, so the service continues a pre-flight
 *   that stopped part-way, one replica at a time;
 * - an index on `payment_attempts.resolved_at`, to read how long the latest payouts took to settle.
 */
export class AskDollrOnce1765526400000 implements MigrationInterface {
  name = 'AskDollrOnce1765526400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'fee_predictions',
        columns: [
          idColumn(),
          { name: 'operation_type', type: 'varchar', length: '16' },
          { name: 'method', type: 'varchar', length: '32' },
          { name: 'provider', type: 'varchar', length: '16' },
          { name: 'currency', type: 'varchar', length: '3' },
          minorUnitsColumn('amount_minor'),
          { name: 'fee_bearer', type: 'varchar', length: '16' },
          { name: 'fee_tier', type: 'varchar', length: '64' },
          minorUnitsColumn('fee_minor'),
          minorUnitsColumn('payer_amount_minor'),
          minorUnitsColumn('payee_amount_minor'),
          dateTimeColumn(queryRunner, 'learned_at'),
        ],
        uniques: [
          {
            name: 'uq_fee_predictions_key',
            columnNames: [
              'operation_type',
              'method',
              'provider',
              'currency',
              'amount_minor',
              'fee_bearer',
              'fee_tier',
            ],
          },
        ],
      }),
    );
    await queryRunner.addColumn(
      'payees',
      new TableColumn(dateTimeColumn(queryRunner, 'party_create_sent_at', true)),
    );
    await queryRunner.query(
      'UPDATE payees SET party_create_sent_at = updated_at WHERE dollr_party_id IS NULL',
    );
    await queryRunner.createIndex(
      'payees',
      new TableIndex({ name: 'ix_payees_phone', columnNames: ['phone'] }),
    );
    await queryRunner.addColumn(
      'batches',
      new TableColumn(dateTimeColumn(queryRunner, 'preflight_started_at', true)),
    );
    await queryRunner.addColumn(
      'batches',
      new TableColumn({
        name: 'preflight_lease_owner',
        type: 'varchar',
        length: '100',
        isNullable: true,
      }),
    );
    await queryRunner.addColumn(
      'batches',
      new TableColumn(dateTimeColumn(queryRunner, 'preflight_lease_expires_at', true)),
    );
    await queryRunner.createIndex(
      'payment_attempts',
      new TableIndex({ name: 'idx_payment_attempts_resolved_at', columnNames: ['resolved_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payment_attempts', 'idx_payment_attempts_resolved_at');
    await queryRunner.dropIndex('payees', 'ix_payees_phone');
    await dropPlainColumn(queryRunner, 'batches', 'preflight_lease_expires_at');
    await dropPlainColumn(queryRunner, 'batches', 'preflight_lease_owner');
    await dropPlainColumn(queryRunner, 'batches', 'preflight_started_at');
    await dropPlainColumn(queryRunner, 'payees', 'party_create_sent_at');
    await queryRunner.dropTable('fee_predictions');
  }
}
