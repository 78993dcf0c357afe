import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An invoice is the same invoice when it bills the same customer under the same number, not when
 * the number alone is the same: the stored keys of receivable rows, and of the payments of
 * invoice batches, gain the customer. (A frozen copy of the rule in src/imports/duplicates.ts.)
 */
export class InvoiceKeysByCustomer1765180800000 implements MigrationInterface {
  name = 'InvoiceKeysByCustomer1765180800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await rewriteKeys(queryRunner, (fields) => {
      const who = fields.external_ref || fields.phone || fields.email || fields.full_name || '';
      const customer = who.trim().replace(/\s+/g, ' ').toLowerCase();
      return ['R', customer, (fields.invoice_number ?? '').toLowerCase()].join('|');
    });
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rewriteKeys(queryRunner, (fields) => `R|${(fields.invoice_number ?? '').toLowerCase()}`);
  }
}

type Fields = Partial<Record<string, string | null>>;

const PAGE = 1000;

async function rewriteKeys(
  queryRunner: QueryRunner,
  keyOf: (fields: Fields) => string,
): Promise<void> {
  for (let after = 0; ;) {
    const rows = (await queryRunner.query(
      `SELECT r.id AS id, r.fields AS fields FROM import_rows r
         JOIN imports i ON i.id = r.import_id
        WHERE i.kind = 'receivables' AND r.dedupe_key IS NOT NULL AND r.id > ?
        ORDER BY r.id LIMIT ${PAGE}`,
      [after],
    )) as { id: number | string; fields: string | null }[];
    for (const row of rows) {
      const fields = JSON.parse(row.fields ?? '{}') as Fields;
      if (!fields.invoice_number) continue;
      await queryRunner.query('UPDATE import_rows SET dedupe_key = ? WHERE id = ?', [
        storable(keyOf(fields)),
        row.id,
      ]);
    }
    if (rows.length < PAGE) break;
    after = Number(rows[rows.length - 1]?.id);
  }
  // A payment's key is its first line's. Payment keys are unique: on the way back, two customers'
  // invoices with one number cannot both take the number alone, and the later one keeps its key.
  const payments = (await queryRunner.query(
    `SELECT p.id AS id, r.dedupe_key AS k FROM payments p
       JOIN batches b ON b.id = p.batch_id
       JOIN import_rows r ON r.id = p.import_row_id
      WHERE b.kind = 'INVOICE' ORDER BY p.id`,
  )) as { id: number | string; k: string | null }[];
  for (const payment of payments) {
    if (payment.k === null) continue;
    const taken = (await queryRunner.query(
      'SELECT id FROM payments WHERE dedupe_key = ? AND id <> ?',
      [payment.k, payment.id],
    )) as unknown[];
    if (taken.length === 0) {
      await queryRunner.query('UPDATE payments SET dedupe_key = ? WHERE id = ?', [
        payment.k,
        payment.id,
      ]);
    }
  }
}

/** Keys longer than the indexed column (191) are stored as their SHA-256. */
function storable(key: string): string {
  return key.length <= 191 ? key : `sha256:${createHash('sha256').update(key).digest('hex')}`;
}
