/**
 * `npm run bench:import`: imports a 200,000-row payroll as CSV and XLSX and compares the full
 * import with the raw library floor (csv-parse alone; the exceljs streaming reader alone).
 * Each measurement runs in its own process so its peak RSS is its own.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { parse } from 'csv-parse';
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/load-config';
import { parseDatabaseUrl } from '../src/config/database-url';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { DatabaseService } from '../src/database/database.service';
import { ImportService } from '../src/imports/import.service';
import { ImportStore } from '../src/imports/import.store';
import { AuditLog } from '../src/auth/audit-log.service';
import { OriginalFileStore } from '../src/imports/original-files';
import { loadExcelJs } from '../src/common/load-exceljs';
import { loadProfile } from '../src/imports/profiles/profile.loader';
import { readXlsxRows } from '../src/imports/readers/xlsx.reader';
import { PAYROLL_HEADER, payrollRow } from '../samples/payroll-data';
import { createTestDatabase } from '../test/support/test-database';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const DIR = join(tmpdir(), `dollr-connector-bench-${ROWS}`);
const CSV = join(DIR, 'payroll.csv');
const XLSX = join(DIR, 'payroll.xlsx');

interface Measurement {
  rows: number;
  seconds: number;
  peakRssMiB: number;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function generate(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  if (!existsSync(CSV)) {
    const csv = stringify();
    const writing = pipeline(csv, createWriteStream(CSV));
    csv.write(PAYROLL_HEADER);
    for (let i = 0; i < ROWS; i += 1) {
      if (!csv.write(payrollRow(i))) await new Promise((r) => csv.once('drain', r));
    }
    csv.end();
    await writing;
  }
  if (!existsSync(XLSX)) {
    const workbook = new (loadExcelJs().stream.xlsx.WorkbookWriter)({
      filename: XLSX,
      useSharedStrings: true,
    });
    const sheet = workbook.addWorksheet('Payroll');
    sheet.addRow(PAYROLL_HEADER).commit();
    for (let i = 0; i < ROWS; i += 1) {
      const row = payrollRow(i);
      // Net pay as a number cell, as a spreadsheet would hold it.
      sheet
        .addRow([...row.slice(0, 3), Number(row[3]?.replace(/,/g, '')), ...row.slice(4)])
        .commit();
    }
    sheet.commit();
    await workbook.commit();
  }
}

async function floorCsv(): Promise<number> {
  let rows = 0;
  for await (const record of createReadStream(CSV, { highWaterMark: 256 * 1024 }).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }),
  )) {
    if ((record as string[]).length > 0) rows += 1;
  }
  return rows - 1;
}

/** The options the import used with exceljs's streaming reader before it had its own reader. */
const EXCELJS_READER_OPTIONS = {
  sharedStrings: 'cache',
  styles: 'cache',
  hyperlinks: 'ignore',
  worksheets: 'emit',
  entries: 'ignore',
} as const;

async function floorXlsx(): Promise<number> {
  let rows = 0;
  const workbook = new (loadExcelJs().stream.xlsx.WorkbookReader)(
    createReadStream(XLSX),
    EXCELJS_READER_OPTIONS,
  );
  for await (const sheet of workbook) {
    for await (const row of sheet) if (Array.isArray(row.values)) rows += 1;
    break;
  }
  return rows - 1;
}

/** The connector's own workbook reader alone (src/imports/readers/xlsx.reader.ts). */
async function readerXlsx(): Promise<number> {
  let rows = 0;
  for await (const group of readXlsxRows(XLSX, undefined).rows) rows += group.length;
  return rows - 1;
}

async function fullImport(path: string, databaseUrl: string): Promise<number> {
  const dataDir = join(DIR, `data-${Date.now()}`);
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(databaseUrl)));
  const service = new ImportService(
    new ImportStore(new DatabaseService(dataSource, config)),
    new AuditLog(dataSource),
    config,
    new OriginalFileStore(config),
  );
  try {
    const outcome = await service.importFile({
      path,
      fileName: path,
      kind: 'payables',
      profile: loadProfile('payroll'),
      dryRun: false,
      createdBy: 'bench',
    });
    if (outcome.summary.valid !== ROWS) {
      throw new Error(`expected ${ROWS} valid rows, got ${JSON.stringify(outcome.summary)}`);
    }
    return outcome.summary.rows;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs one phase in this process and prints its measurement as JSON. */
async function child(phase: string, arg: string | undefined): Promise<void> {
  Logger.overrideLogger(false);
  // The floor is reading alone; loading exceljs is part of the import (it loads it on demand).
  if (phase === 'floor-xlsx') loadExcelJs();
  const started = process.hrtime.bigint();
  let rows: number;
  if (phase === 'floor-csv') rows = await floorCsv();
  else if (phase === 'floor-xlsx') rows = await floorXlsx();
  else if (phase === 'reader-xlsx') rows = await readerXlsx();
  else if (phase === 'import-csv') rows = await fullImport(CSV, arg ?? '');
  else if (phase === 'import-xlsx') rows = await fullImport(XLSX, arg ?? '');
  else throw new Error(`unknown phase ${phase}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const measurement: Measurement = {
    rows,
    seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  out(JSON.stringify(measurement));
}

function run(phase: string, arg?: string): Measurement {
  const result = spawnSync(
    process.execPath,
    [__filename, phase, ...(arg === undefined ? [] : [arg])],
    {
      encoding: 'utf8',
      env: { ...process.env, BENCH_ROWS: String(ROWS) },
    },
  );
  if (result.status !== 0) throw new Error(`${phase} failed:\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Measurement;
}

function rate(m: Measurement): number {
  return m.rows / m.seconds;
}

function line(label: string, m: Measurement, floor?: Measurement, target?: number): string {
  const ratio =
    floor === undefined ? '' : ` ratio ${(rate(m) / rate(floor)).toFixed(2)} (target >= ${target})`;
  return `${label.padEnd(30)} ${m.rows} rows in ${m.seconds.toFixed(2)} s = ${Math.round(rate(m)).toLocaleString('en-US').padStart(8)} rows/s, peak RSS ${m.peakRssMiB.toFixed(0)} MiB${ratio}`;
}

async function main(): Promise<void> {
  const [phase, arg] = process.argv.slice(2);
  if (phase !== undefined) return child(phase, arg);

  out(`Generating a ${ROWS}-row payroll in ${DIR} (kept for later runs) ...`);
  await generate();
  const floorCsvRun = run('floor-csv');
  const floorXlsxRun = run('floor-xlsx');
  out(line('csv-parse alone', floorCsvRun));
  out(line('exceljs streaming reader alone', floorXlsxRun));
  out(line('workbook reader alone', run('reader-xlsx')));

  const targets: {
    name: string;
    url: () => Promise<{ url: string; drop: () => Promise<void> }>;
  }[] = [
    {
      name: 'SQLite',
      url: () => {
        const dir = join(DIR, `sqlite-${Date.now()}`);
        mkdirSync(dir, { recursive: true });
        return Promise.resolve({
          url: `sqlite:${join(dir, 'bench.sqlite')}`,
          drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
        });
      },
    },
  ];
  if (process.env.TEST_DATABASE_URL) targets.push({ name: 'MySQL', url: createTestDatabase });

  let failed = false;
  for (const target of targets) {
    for (const [format, floor, minimum] of [
      ['csv', floorCsvRun, 0.33],
      ['xlsx', floorXlsxRun, 0.6],
    ] as const) {
      const db = await target.url();
      try {
        const measured = run(`import-${format}`, db.url);
        out(
          line(`full import ${format.toUpperCase()} -> ${target.name}`, measured, floor, minimum),
        );
        if (rate(measured) / rate(floor) < minimum || measured.peakRssMiB > 256) failed = true;
      } finally {
        await db.drop();
      }
    }
  }
  out(failed ? 'Some targets were missed (ratio or peak RSS <= 256 MiB).' : 'All targets met.');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
