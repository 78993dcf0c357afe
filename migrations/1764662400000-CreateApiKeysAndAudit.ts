import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { dateTimeColumn, idColumn, longTextColumn } from './support/portable-columns';

/** API keys (stored hashed) and the append-only audit log. */
export class CreateApiKeysAndAudit1764662400000 implements MigrationInterface {
  name = 'CreateApiKeysAndAudit1764662400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          idColumn(),
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'name_key', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'key_hash', type: 'varchar', length: '64' },
          { name: 'key_hint', type: 'varchar', length: '16' },
          { name: 'created_by', type: 'varchar', length: '100' },
          dateTimeColumn(queryRunner, 'created_at'),
          dateTimeColumn(queryRunner, 'last_used_at', true),
          dateTimeColumn(queryRunner, 'revoked_at', true),
          { name: 'revoked_by', type: 'varchar', length: '100', isNullable: true },
        ],
        uniques: [
          { name: 'uq_api_keys_name_key', columnNames: ['name_key'] },
          { name: 'uq_api_keys_key_hash', columnNames: ['key_hash'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          idColumn(),
          dateTimeColumn(queryRunner, 'at'),
          { name: 'actor', type: 'varchar', length: '100' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'api_key_id', type: 'integer', isNullable: true },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'subject_type', type: 'varchar', length: '16' },
          { name: 'subject_id', type: 'integer', isNullable: true },
          { name: 'import_id', type: 'integer', isNullable: true },
          { name: 'batch_id', type: 'integer', isNullable: true },
          longTextColumn(queryRunner, 'details'),
        ],
        indices: [
          { name: 'ix_audit_events_batch', columnNames: ['batch_id'] },
          { name: 'ix_audit_events_import', columnNames: ['import_id'] },
          { name: 'ix_audit_events_action', columnNames: ['action'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_events');
    await queryRunner.dropTable('api_keys');
  }
}
