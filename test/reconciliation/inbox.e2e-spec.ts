import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../../src/config/database-url';
import { buildDataSourceOptions } from '../../src/database/data-source-options';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const HEADER = 'Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period';

function payroll(period: string, rows: [string, string, string, string][]): string {
  return [HEADER, ...rows.map((r) => `${r.join(',')},USD,${period}`)].join('\n') + '\n';
}

describe('nightly sync: the inbox folder', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const inbox = join(scratchDir(), 'inbox');

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(db.url)));
    const migrated = await runCli(['db:migrate'], { DATABASE_URL: db.url });
    if (migrated.code !== 0) throw new Error(`db:migrate failed:\n${migrated.stderr}`);
    await dataSource.initialize();
    for (const folder of ['payroll', 'suppliers', 'invoices']) {
      mkdirSync(join(inbox, folder), { recursive: true });
    }
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await db?.drop();
  });

  function nightly(): Promise<ProcessResult> {
    return runCli(['jobs', 'run', 'nightly-sync', '--json'], {
      DATABASE_URL: db.url,
      INBOX_DIR: inbox,
      INBOX_SETTLE_MS: '1500',
    });
  }

  const good = payroll('2026-01', [
    ['E001', 'Amara Kamara', '0886123456', '150.00'],
    ['E002', 'Jerome Kollie', '0770123457', '99.50'],
  ]);

  it('imports a good file, refuses a broken one with an error file, and leaves a file being written', async () => {
    writeFileSync(join(inbox, 'payroll', 'january.csv'), good);
    writeFileSync(
      join(inbox, 'suppliers', 'no-amount.csv'),
      'Supplier ID,Supplier,Phone,Invoice\nS-01,Acme,0886000111,F-1\n',
    );
    // The top folder takes a file only with a sidecar naming its profile.
    writeFileSync(
      join(inbox, 'february.csv'),
      payroll('2026-02', [['E003', 'Fatu Sirleaf', '0555123458', '75.25']]),
    );
    writeFileSync(join(inbox, 'february.csv.profile.json'), '{"profile": "payroll"}');
    writeFileSync(join(inbox, 'notes.csv'), 'no sidecar, no folder: left alone\n');

    // A file still being copied: it grows while the run looks at it.
    const growing = join(inbox, 'payroll', 'march.csv');
    writeFileSync(growing, HEADER + '\n');
    let n = 0;
    const writer = setInterval(() => {
      n += 1;
      appendFileSync(
        growing,
        `E1${String(n).padStart(2, '0')},Worker ${n},0886200${String(100 + n)},10.00,USD,2026-03\n`,
      );
    }, 100);
    let result: ProcessResult;
    try {
      result = await nightly();
    } finally {
      clearInterval(writer);
    }
    expect(result.code).toBe(0);
    const run = lastJsonLine(result.stdout);
    expect(run).toMatchObject({
      job: 'nightly-sync',
      status: 'SUCCEEDED',
      counts: { imported: 2, failed: 1, waiting: 1, ignored: 1, errors: 0 },
    });
    // Then the reconciliation report of the day before.
    const report = String((run.counts as Record<string, unknown>).report);
    expect(report).toMatch(/reconciliation-\d{4}-\d\d-\d\d\.xlsx$/);
    expect(existsSync(report)).toBe(true);

    // Imported as user "inbox", and the payables became batches.
    const imports = await dataSource.query<{ id: number; file_name: string; created_by: string }[]>(
      'SELECT id, file_name, created_by FROM imports ORDER BY id',
    );
    expect(imports.map((i) => [i.file_name, i.created_by]).sort()).toEqual([
      ['february.csv', 'inbox'],
      ['january.csv', 'inbox'],
    ]);
    const batches = await dataSource.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM batches',
    );
    expect(Number(batches[0]?.n)).toBe(2);

    expect(existsSync(join(inbox, 'processed', 'january.csv'))).toBe(true);
    expect(existsSync(join(inbox, 'processed', 'february.csv'))).toBe(true);
    expect(existsSync(join(inbox, 'processed', 'february.csv.profile.json'))).toBe(true);
    expect(existsSync(join(inbox, 'payroll', 'january.csv'))).toBe(false);
    expect(existsSync(join(inbox, 'february.csv'))).toBe(false);

    expect(existsSync(join(inbox, 'suppliers', 'no-amount.csv'))).toBe(false);
    expect(existsSync(join(inbox, 'failed', 'no-amount.csv'))).toBe(true);
    const error = readFileSync(join(inbox, 'failed', 'no-amount.csv.error.txt'), 'utf8');
    expect(error).toContain('HEADER_NOT_FOUND');
    expect(error).toContain('no column for: amount');

    expect(existsSync(growing)).toBe(true);
    expect(existsSync(join(inbox, 'notes.csv'))).toBe(true);
    expect(existsSync(join(inbox, 'processed', 'march.csv'))).toBe(false);
  }, 120_000);

  it('takes the file once it has stopped changing, and refuses a copy of an imported file with a pointer to it', async () => {
    const first = await dataSource.query<{ id: number }[]>(
      "SELECT id FROM imports WHERE file_name = 'january.csv'",
    );
    writeFileSync(join(inbox, 'suppliers', 'january-again.csv'), good);

    const result = await nightly();
    expect(result.code).toBe(0);
    expect(lastJsonLine(result.stdout)).toMatchObject({
      status: 'SUCCEEDED',
      counts: { imported: 1, failed: 1, waiting: 0 },
    });
    expect(existsSync(join(inbox, 'processed', 'march.csv'))).toBe(true);
    expect(existsSync(join(inbox, 'failed', 'january-again.csv'))).toBe(true);
    const error = readFileSync(join(inbox, 'failed', 'january-again.csv.error.txt'), 'utf8');
    expect(error).toContain('FILE_ALREADY_IMPORTED');
    expect(error).toContain(`already imported as import ${first[0]?.id} (january.csv`);
  }, 120_000);

  it('refuses a sidecar that names no profile, and takes back a file a dead run left claimed', async () => {
    writeFileSync(
      join(inbox, 'payroll', 'april.csv'),
      payroll('2026-04', [['E009', 'Musa Dukuly', '0886123459', '20.00']]),
    );
    writeFileSync(join(inbox, 'payroll', 'april.csv.profile.json'), '{"sheet": "Pay"}');
    // A run killed while importing may.csv, hours ago.
    const claim = join(inbox, '.importing', 'payroll.0123456789ab');
    mkdirSync(claim, { recursive: true });
    writeFileSync(
      join(claim, 'may.csv'),
      payroll('2026-05', [['E010', 'Comfort Doe', '0886123460', '30.00']]),
    );
    const hoursAgo = new Date(Date.now() - 7 * 60 * 60_000);
    utimesSync(claim, hoursAgo, hoursAgo);

    const result = await nightly();
    expect(lastJsonLine(result.stdout)).toMatchObject({ counts: { imported: 1, failed: 1 } });
    expect(existsSync(join(inbox, 'failed', 'april.csv'))).toBe(true);
    expect(existsSync(join(inbox, 'failed', 'april.csv.profile.json'))).toBe(true);
    expect(readFileSync(join(inbox, 'failed', 'april.csv.error.txt'), 'utf8')).toContain(
      'must name a profile',
    );
    expect(existsSync(join(inbox, 'processed', 'may.csv'))).toBe(true);
    expect(existsSync(claim)).toBe(false);
  }, 120_000);
});
