import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PAYROLL_HEADER, payrollRow } from '../../samples/payroll-data';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { lastJsonLine, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** More valid rows than SQLite binds values in one statement (32,766). */
const ROWS = 33_000;

describe('a payroll larger than one SQL statement can look up', () => {
  let db: TestDatabase;
  const dir = scratchDir();

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('becomes a batch with one payment per valid row', async () => {
    const file = join(dir, 'payroll-large.csv');
    const lines = [PAYROLL_HEADER.join(',')];
    for (let i = 0; i < ROWS; i += 1) {
      lines.push(
        payrollRow(i)
          .map((cell) => (cell.includes(',') ? `"${cell}"` : cell))
          .join(','),
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);

    const env = { DATABASE_URL: db.url };
    const imported = await runCli(['import', file, '--type', 'payables', '--json'], env, dir);
    expect(imported.stderr).not.toMatch(/too many SQL variables/);
    expect(imported.code).toBe(0);
    const summary = lastJsonLine(imported.stdout);
    expect(summary).toMatchObject({ valid: ROWS, invalid: 0, duplicates: 0 });
    expect(summary.batchId).toEqual(expect.any(Number));

    const shown = await runCli(['batch', 'show', String(summary.batchId), '--json'], env, dir);
    expect(shown.code).toBe(0);
    const batch = lastJsonLine(shown.stdout) as { counts: Record<string, number> };
    expect(batch.counts.PENDING).toBe(ROWS);

    // As if the process had died between the import and its batch: the next command makes it.
    const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    await dataSource.initialize();
    try {
      await dataSource.query('DELETE FROM payments WHERE batch_id = ?', [summary.batchId]);
      await dataSource.query('DELETE FROM batches WHERE id = ?', [summary.batchId]);
    } finally {
      await dataSource.destroy();
    }
    const listed = await runCli(['batch', 'list', '--json'], env, dir);
    expect(listed.stderr).toContain(`Import ${String(summary.importId)} had no batch`);
    const healed = lastJsonLine(listed.stdout) as { batches: { counts: Record<string, number> }[] };
    expect(healed.batches.map((b) => b.counts.PENDING)).toEqual([ROWS]);
  });
});
