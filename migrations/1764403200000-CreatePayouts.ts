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

/** Payees and their Dollr records, batches with approvals, payments and their attempts. */
export class CreatePayouts1764403200000 implements MigrationInterface {
  name = 'CreatePayouts1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'payees',
        columns: [
          idColumn(),
          { name: 'relationship_type', type: 'varchar', length: '24' },
          { name: 'external_ref', type: 'varchar', length: '100' },
          { name: 'full_name', type: 'varchar', length: '200' },
          { name: 'phone', type: 'varchar', length: '20' },
          { name: 'email', type: 'varchar', length: '200', isNullable: true },
          { name: 'country_code', type: 'varchar', length: '2', isNullable: true },
          { name: 'dollr_party_id', type: 'integer', isNullable: true },
          { name: 'dollr_counterparty_id', type: 'integer', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '100', isNullable: true },
          dateTimeColumn(queryRunner, 'lease_expires_at', true),
          dateTimeColumn(queryRunner, 'created_at'),
          dateTimeColumn(queryRunner, 'updated_at'),
        ],
        uniques: [
          {
            name: 'uq_payees_relationship_ref',
            columnNames: ['relationship_type', 'external_ref'],
          },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payment_accounts',
        columns: [
          idColumn(),
          { name: 'payee_id', type: 'integer' },
          { name: 'phone', type: 'varchar', length: '20' },
          { name: 'method', type: 'varchar', length: '32' },
          { name: 'provider', type: 'varchar', length: '16' },
          { name: 'operation_type', type: 'varchar', length: '16' },
          { name: 'dollr_account_id', type: 'integer' },
          { name: 'is_active', type: 'boolean' },
          dateTimeColumn(queryRunner, 'created_at'),
        ],
        uniques: [
          {
            name: 'uq_payment_accounts_use',
            columnNames: ['payee_id', 'phone', 'method', 'operation_type'],
          },
        ],
        foreignKeys: [references('fk_payment_accounts_payee', 'payee_id', 'payees')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'batches',
        columns: [
          idColumn(),
          { name: 'import_id', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'status', type: 'varchar', length: '32' },
          { name: 'relationship_type', type: 'varchar', length: '24' },
          { name: 'created_by', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'created_at'),
          dateTimeColumn(queryRunner, 'updated_at'),
          dateTimeColumn(queryRunner, 'expires_at'),
          dateTimeColumn(queryRunner, 'preflight_at', true),
          { name: 'content_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'approvals_required', type: 'integer', default: 1 },
          { name: 'status_reason', type: 'varchar', length: '500', isNullable: true },
          dateTimeColumn(queryRunner, 'started_at', true),
          dateTimeColumn(queryRunner, 'finished_at', true),
        ],
        uniques: [{ name: 'uq_batches_import', columnNames: ['import_id'] }],
        indices: [{ name: 'ix_batches_status', columnNames: ['status'] }],
        foreignKeys: [references('fk_batches_import', 'import_id', 'imports')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'batch_approvals',
        columns: [
          idColumn(),
          { name: 'batch_id', type: 'integer' },
          { name: 'approved_by', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'approved_at'),
          { name: 'content_hash', type: 'varchar', length: '64' },
          longTextColumn(queryRunner, 'totals'),
          dateTimeColumn(queryRunner, 'voided_at', true),
          { name: 'void_reason', type: 'varchar', length: '200', isNullable: true },
        ],
        indices: [{ name: 'ix_batch_approvals_batch', columnNames: ['batch_id'] }],
        foreignKeys: [references('fk_batch_approvals_batch', 'batch_id', 'batches', 'CASCADE')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payments',
        columns: [
          idColumn(),
          { name: 'batch_id', type: 'integer' },
          { name: 'import_row_id', type: 'integer' },
          { name: 'row_number', type: 'integer' },
          // The payee and period (from the import): at most one payment each, across all imports.
          { name: 'dedupe_key', type: 'varchar', length: '191' },
          { name: 'external_ref', type: 'varchar', length: '100' },
          { name: 'full_name', type: 'varchar', length: '200' },
          { name: 'phone', type: 'varchar', length: '20' },
          { name: 'currency', type: 'varchar', length: '3' },
          minorUnitsColumn('amount_minor'),
          { name: 'method', type: 'varchar', length: '32', isNullable: true },
          { name: 'provider', type: 'varchar', length: '16', isNullable: true },
          minorUnitsColumn('fee_minor', true),
          minorUnitsColumn('payer_amount_minor', true),
          minorUnitsColumn('payee_amount_minor', true),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'reason', type: 'varchar', length: '500', isNullable: true },
          { name: 'payee_id', type: 'integer', isNullable: true },
          { name: 'payment_account_id', type: 'integer', isNullable: true },
          { name: 'attempt_count', type: 'integer', default: 0 },
          { name: 'lease_owner', type: 'varchar', length: '100', isNullable: true },
          dateTimeColumn(queryRunner, 'lease_expires_at', true),
          dateTimeColumn(queryRunner, 'next_check_at', true),
          dateTimeColumn(queryRunner, 'status_changed_at'),
          dateTimeColumn(queryRunner, 'completed_at', true),
        ],
        uniques: [
          { name: 'uq_payments_dedupe_key', columnNames: ['dedupe_key'] },
          { name: 'uq_payments_import_row', columnNames: ['import_row_id'] },
        ],
        indices: [{ name: 'ix_payments_batch_status', columnNames: ['batch_id', 'status'] }],
        foreignKeys: [
          references('fk_payments_batch', 'batch_id', 'batches'),
          references('fk_payments_import_row', 'import_row_id', 'import_rows'),
          references('fk_payments_payee', 'payee_id', 'payees'),
          references('fk_payments_account', 'payment_account_id', 'payment_accounts'),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'payment_attempts',
        columns: [
          idColumn(),
          { name: 'payment_id', type: 'integer' },
          { name: 'attempt_no', type: 'integer' },
          { name: 'reference_id', type: 'varchar', length: '36' },
          { name: 'state', type: 'varchar', length: '16' },
          { name: 'dollr_session_id', type: 'integer', isNullable: true },
          dateTimeColumn(queryRunner, 'session_expires_at', true),
          { name: 'send_count', type: 'integer', default: 0 },
          // Which process made the attempt (host:pid), for operators and audits.
          { name: 'worker', type: 'varchar', length: '100' },
          { name: 'gateway_message', type: 'varchar', length: '500', isNullable: true },
          { name: 'error', type: 'varchar', length: '1000', isNullable: true },
          minorUnitsColumn('payer_amount_minor', true),
          minorUnitsColumn('payee_amount_minor', true),
          { name: 'provider_transaction_id', type: 'varchar', length: '100', isNullable: true },
          dateTimeColumn(queryRunner, 'created_at'),
          dateTimeColumn(queryRunner, 'last_sent_at', true),
          dateTimeColumn(queryRunner, 'resolved_at', true),
        ],
        uniques: [
          { name: 'uq_payment_attempts_reference', columnNames: ['reference_id'] },
          { name: 'uq_payment_attempts_number', columnNames: ['payment_id', 'attempt_no'] },
        ],
        foreignKeys: [references('fk_payment_attempts_payment', 'payment_id', 'payments')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'payment_attempts',
      'payments',
      'batch_approvals',
      'batches',
      'payment_accounts',
      'payees',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
