import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The columns that identify a payee or a payment compare exactly on MySQL/MariaDB, as they do on
 * SQLite. Their default collation takes "José" for "Jose" and "février" for "fevrier": two
 * payees became one, and a second, different payment was refused as a duplicate of the first.
 */
const KEY_COLUMNS: readonly { table: string; column: string; length: number; nullable: boolean }[] =
  [
    { table: 'import_rows', column: 'dedupe_key', length: 191, nullable: true },
    { table: 'payments', column: 'dedupe_key', length: 191, nullable: false },
    { table: 'payees', column: 'external_ref', length: 100, nullable: false },
  ];

export class ExactKeyCollation1764748800000 implements MigrationInterface {
  name = 'ExactKeyCollation1764748800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await collate(queryRunner, 'utf8mb4_bin');
  }

  /** Back to the table's own character set and collation, whatever the server's default was. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await collate(queryRunner, null);
  }
}

async function collate(queryRunner: QueryRunner, collation: string | null): Promise<void> {
  if (queryRunner.connection.options.type !== 'mysql') return;
  const charset = collation === null ? '' : ` CHARACTER SET utf8mb4 COLLATE ${collation}`;
  for (const { table, column, length, nullable } of KEY_COLUMNS) {
    await queryRunner.query(
      `ALTER TABLE \`${table}\` MODIFY \`${column}\` VARCHAR(${length})${charset} ${nullable ? 'NULL' : 'NOT NULL'}`,
    );
  }
}
