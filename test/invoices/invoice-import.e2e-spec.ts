import { readFileSync, writeFileSync } from 'node:fs';
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
  invalid: number;
  duplicates: number;
  invoices: number;
  totals: { currency: string; amount: string }[];
  batchId: number | null;
}

/** Invoices as imports see them: told apart by customer and number, left out whole. */
describe('importing invoices', () => {
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

  async function imported(name: string, lines: string[], options: string[] = []): Promise<Summary> {
    const file = join(dir, name);
    writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
    const result = await cli(['import', file, '--type', 'receivables', ...options, '--json']);
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

  it('leaves out every line of an invoice with an invalid line, says so, and counts none of it', async () => {
    const summary = await imported('with-a-bad-line.csv', [
      'INV-1005,Comfort Tarr,0886 510 003,Water,2,20.00,USD,2026-12-31',
      'INV-1006,Varney Sirleaf,0886 510 004,Water,1,40.00,USD,2026-12-31',
      'INV-1006,Varney Sirleaf,0886 510 004,Delivery,two,5.00,USD,2026-12-31',
      'INV-1007,Musu Kamara,0886 510 005,Water,1,10.00,USD,2026-12-31',
    ]);
    expect(summary).toMatchObject({
      valid: 2,
      invalid: 2,
      invoices: 2,
      totals: [{ currency: 'USD', amount: '50.00' }],
    });
    const rows = await cli(['imports', 'rows', String(summary.importId), '--json']);
    const byRow = new Map(
      (
        JSON.parse(rows.stdout) as { row: number; status: string; errors: { message: string }[] }[]
      ).map((r) => [r.row, r]),
    );
    expect(byRow.get(3)).toMatchObject({
      status: 'invalid',
      errors: [
        {
          message:
            'is left out with invoice INV-1006: its line on row 4 has a problem, and part of an invoice is never billed',
        },
      ],
    });
    expect(byRow.get(4)?.status).toBe('invalid');
    const text = await cli(['imports', 'list', '--limit', '1']);
    expect(text.stdout).toContain('2 valid, 2 invalid');

    const back = join(dir, 'with-a-bad-line-back.csv');
    expect(await cli(['export-source', String(summary.importId), '--out', back])).toMatchObject({
      code: 0,
    });
    const statuses = readFileSync(back, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line) => line.split(',')[8]);
    expect(statuses).toEqual(['PENDING', 'INVALID', 'INVALID', 'PENDING']);
  });

  it('reads due dates however written, and says which order it assumed for 05/12/2026', async () => {
    // A profile that gives no date order, unlike the built-in one (DD/MM/YYYY).
    const builtIn = JSON.parse(
      readFileSync(join(__dirname, '../../samples/profiles/invoices.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete builtIn.dateFormat;
    const profile = join(dir, 'no-date-order.json');
    writeFileSync(profile, JSON.stringify({ ...builtIn, name: 'no-date-order' }));
    const summary = await imported(
      'due-dates.csv',
      [
        'D-1,Kou Flomo,0886 510 006,Water,1,5.00,USD,Jan 28 2027',
        'D-2,Kou Flomo,0886 510 006,Water,1,5.00,USD,28.01.2027',
        'D-3,Kou Flomo,0886 510 006,Water,1,5.00,USD,05/12/2026',
      ],
      ['--profile', profile],
    );
    expect(summary).toMatchObject({ valid: 3, invalid: 0 });
    const rows = await cli(['imports', 'rows', String(summary.importId), '--json']);
    const read = JSON.parse(rows.stdout) as {
      due_date: string;
      warnings: { column: string; value: string; message: string }[];
    }[];
    expect(read.map((r) => r.due_date)).toEqual(['2027-01-28', '2027-01-28', '2026-12-05']);
    expect(read[2]?.warnings).toEqual([
      {
        column: 'Due Date',
        value: '05/12/2026',
        message:
          "was read day first, as 5 December 2026; if it is May 12, set the profile's dateFormat to MM/DD/YYYY",
      },
    ]);
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
      // Later migrations are reverted first, each with these rows in place.
      for (;;) {
        const reverted = await cli(['db:revert', '--json']);
        expect(reverted).toMatchObject({ code: 0 });
        const { reverted: name } = lastJsonLine(reverted.stdout);
        if (name === 'InvoiceKeysByCustomer1765180800000' || name === null) break;
      }
      // Before: the number alone (the second ERP's invoices were then refused as repeats).
      expect((await keys()).slice(0, 3)).toEqual(['R|1', 'R|2', 'R|3']);
      expect(await cli(['db:migrate'])).toMatchObject({ code: 0 });
      expect(await keys()).toEqual(now);
    } finally {
      await dataSource.destroy();
    }
  });
});
