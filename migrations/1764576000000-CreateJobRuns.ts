import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { dateTimeColumn, idColumn, longTextColumn } from './support/portable-columns';

/**
 * Scheduled jobs: one row per run (unique per job and slot, so each slot runs once across
 * replicas), the ERP webhook outbox, the dispatcher's watermark, and what the status poll learns
 * about a payment (STUCK, Dollr's references and message) written on the payment itself.
 */
export class CreateJobRuns1764576000000 implements MigrationInterface {
  name = 'CreateJobRuns1764576000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'job_runs',
        columns: [
          idColumn(),
          { name: 'job', type: 'varchar', length: '40' },
          // The scheduled fire time (UTC, ISO 8601), or manual:<time>:<random> for a run by hand.
          { name: 'slot', type: 'varchar', length: '64' },
          { name: 'manual', type: 'boolean', default: false },
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'host', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'started_at'),
          dateTimeColumn(queryRunner, 'finished_at', true),
          longTextColumn(queryRunner, 'counts', true),
          { name: 'error', type: 'varchar', length: '1000', isNullable: true },
        ],
        uniques: [{ name: 'uq_job_runs_job_slot', columnNames: ['job', 'slot'] }],
        indices: [
          { name: 'ix_job_runs_started', columnNames: ['started_at'] },
          { name: 'ix_job_runs_status', columnNames: ['status'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'webhook_events',
        columns: [
          idColumn(),
          { name: 'event_id', type: 'varchar', length: '36' },
          { name: 'entity_type', type: 'varchar', length: '16' },
          { name: 'entity_id', type: 'integer' },
          { name: 'final_status', type: 'varchar', length: '16' },
          { name: 'event_type', type: 'varchar', length: '40' },
          // The exact bytes sent (and signed) on every delivery of this event.
          longTextColumn(queryRunner, 'body'),
          { name: 'status', type: 'varchar', length: '16' },
          { name: 'attempts', type: 'integer', default: 0 },
          dateTimeColumn(queryRunner, 'next_attempt_at'),
          { name: 'last_status_code', type: 'integer', isNullable: true },
          { name: 'last_error', type: 'varchar', length: '1000', isNullable: true },
          { name: 'lease_owner', type: 'varchar', length: '100', isNullable: true },
          dateTimeColumn(queryRunner, 'lease_expires_at', true),
          dateTimeColumn(queryRunner, 'created_at'),
          dateTimeColumn(queryRunner, 'delivered_at', true),
        ],
        uniques: [
          { name: 'uq_webhook_events_event_id', columnNames: ['event_id'] },
          {
            name: 'uq_webhook_events_entity_status',
            columnNames: ['entity_type', 'entity_id', 'final_status'],
          },
        ],
        indices: [{ name: 'ix_webhook_events_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'job_watermarks',
        columns: [
          { name: 'name', type: 'varchar', length: '64', isPrimary: true },
          dateTimeColumn(queryRunner, 'value'),
        ],
      }),
    );

    await queryRunner.addColumns('payments', [
      new TableColumn(dateTimeColumn(queryRunner, 'stuck_at', true)),
      new TableColumn({ name: 'stuck_reason', type: 'varchar', length: '500', isNullable: true }),
      new TableColumn({ name: 'reference_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({
        name: 'provider_transaction_id',
        type: 'varchar',
        length: '100',
        isNullable: true,
      }),
      new TableColumn({
        name: 'gateway_message',
        type: 'varchar',
        length: '500',
        isNullable: true,
      }),
    ]);
    await queryRunner.createIndex(
      'payments',
      new TableIndex({
        name: 'ix_payments_status_changed',
        columnNames: ['status', 'status_changed_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('payments', 'ix_payments_status_changed');
    for (const column of [
      'gateway_message',
      'provider_transaction_id',
      'reference_id',
      'stuck_reason',
      'stuck_at',
    ]) {
      await queryRunner.dropColumn('payments', column);
    }
    for (const table of ['job_watermarks', 'webhook_events', 'job_runs']) {
      await queryRunner.dropTable(table);
    }
  }
}
