import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const HEADER = 'Invoice No,Customer Name,Phone,Item,Qty,Unit Price,Currency,Due Date';

interface Summary {
  importId: number;
  valid: number;
  duplicates: number;
  invoices: number;
  batchId: number | null;
}

/** An invoice is the same invoice when it bills the same customer under the same number. */
describe('invoices are told apart by customer and number', () => {
  let db: TestDatabase;
  const dir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  function cli(args: string[]): Promise<ProcessResult> {
    return runCli(args, { DATABASE_URL: db.url }, dir);
  }

  async function imported(name: string, lines: string[]): Promise<Summary> {
    const file = join(dir, name);
    writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
    const result = await cli(['import', file, '--type', 'receivables', '--json']);
    if (result.code !== 0) throw new Error(`import failed:\n${result.stdout}\n${result.stderr}`);
    return lastJsonLine(result.stdout) as unknown as Summary;
  }

  it("imports a second ERP's invoices 1, 2, 3 beside the first's, and names the invoice a repeat repeats", async () => {
    const first = await imported('erp-a.csv', [
      '1,Ludwig Krajcik,0886 510 001,Repairs,1,10.00,USD,2026-12-31',
      '2,Ludwig Krajcik,0886 510 001,Repairs,1,26.67,USD,2026-12-31',
      '3,Ludwig Krajcik,0886 510 001,Repairs,1,12.00,USD,2026-12-31',
    ]);
    expect(first).toMatchObject({ valid: 3, duplicates: 0, invoices: 3 });

    const second = await imported('erp-b.csv', [
      '1,James Gordon,0886 510 002,Audit,1,50.00,USD,2026-12-31',
      '2,James Gordon,0886 510 002,Audit,1,70.20,USD,2026-12-31',
      '3,James Gordon,0886 510 002,Audit,1,15.00,USD,2026-12-31',
    ]);
    expect(second).toMatchObject({ valid: 3, duplicates: 0, invoices: 3 });
    expect(second.batchId).not.toBeNull();

    const again = await imported('erp-a-again.csv', [
      '2,Ludwig Krajcik,0886 510 001,Repairs,1,26.67,USD,2026-12-31',
    ]);
    expect(again).toMatchObject({ valid: 0, duplicates: 1 });
    const rows = await cli(['imports', 'rows', String(again.importId), '--json']);
    const [row] = JSON.parse(rows.stdout) as { warnings: { message: string }[] }[];
    expect(row?.warnings[0]?.message).toBe(
      `repeats invoice 2 of Ludwig Krajcik, already imported in import ${first.importId}, row 3 (the same customer and invoice number): it is not invoiced twice`,
    );
  });

  it('rewrites the keys of invoices imported before, both ways', async () => {
    const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
    const keys = async (): Promise<string[]> =>
      (
        await dataSource.query<{ k: string }[]>(
          `SELECT p.dedupe_key AS k FROM payments p JOIN batches b ON b.id = p.batch_id
            WHERE b.kind = 'INVOICE' ORDER BY p.id`,
        )
      ).map((r) => r.k);
    try {
      const now = await keys();
      expect(now[0]).toBe('R|231886510001|1');
      expect(await cli(['db:revert'])).toMatchObject({ code: 0 });
      // Before: the number alone (the second ERP's invoices were then refused as repeats).
      expect((await keys()).slice(0, 3)).toEqual(['R|1', 'R|2', 'R|3']);
      expect(await cli(['db:migrate'])).toMatchObject({ code: 0 });
      expect(await keys()).toEqual(now);
    } finally {
      await dataSource.destroy();
    }
  });
});
