/**
 * `npm run bench:report`: seeds BENCH_PAYMENTS payments (default 200,000) straight into a fresh
 * SQLite database, then times the reconciliation report as XLSX and as CSV against the raw floor:
 * the exceljs streaming writer and csv-stringify writing rows of the same shape, with no database
 * and none of the connector's code. Each measurement runs in its own process, so its peak RSS
 * (getrusage maxRSS) is its own; each is taken BENCH_RUNS times (default 3), the fastest kept.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../src/config/database-url';
import { loadConfig } from '../src/config/load-config';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { DatabaseService } from '../src/database/database.service';
import { ReportService } from '../src/reports/report.service';
import { AuditLog } from '../src/auth/audit-log.service';

const PAYMENTS = Number(process.env.BENCH_PAYMENTS ?? 200_000);
const DIR = join(tmpdir(), `dollr-connector-report-bench-${PAYMENTS}`);
const DATABASE = join(DIR, 'bench.sqlite');
const TARGETS = { xlsx: 0.6, csv: 0.5, rssMiB: 400 };
/**
 * Each measurement is taken this many times, report and floor alternating, and the fastest kept:
 * on a shared machine a single run mostly measures the neighbours.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Measurement {
  rows: number;
  seconds: number;
  peakRssMiB: number;
  bytes: number;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

const STATUSES = [
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'COMPLETED',
  'FAILED',
  'PENDING',
  'REJECTED',
];

/** The i-th payment: a Liberian payroll in USD and LRD, mostly completed. */
function payment(i: number): {
  currency: 'USD' | 'LRD';
  amount: number;
  fee: number;
  status: string;
  name: string;
  phone: string;
  ref: string;
} {
  const currency = i % 4 === 0 ? 'LRD' : 'USD';
  const amount = 5_000 + ((i * 7919) % 500_000);
  return {
    currency,
    amount,
    fee: Math.round(amount * 0.02),
    status: STATUSES[i % STATUSES.length],
    name: `Employee ${i} Kollie`,
    phone: `2318861${String(i % 100_000).padStart(5, '0')}`,
    ref: `EMP${String(i).padStart(7, '0')}`,
  };
}

/** A fresh database with one import, one batch and PAYMENTS payments with their attempts. */
async function seed(): Promise<void> {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const config = loadConfig({
    DATABASE_URL: `sqlite:${DATABASE}`,
    LOG_LEVEL: 'silent',
    DATA_DIR: DIR,
  });
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(config.databaseUrl)));
  await new DatabaseService(dataSource, config).migrate();
  await dataSource.destroy();

  const db = new Database(DATABASE);
  const now = '2026-01-31 09:00:00.000';
  db.transaction(() => {
    db.prepare(
      `INSERT INTO imports (id, kind, status, file_name, file_sha256, file_format, file_size, profile,
        relationship_type, header_row, headers, created_by, created_at, row_count, valid_count)
       VALUES (1, 'payables', 'imported', 'payroll.csv', ?, 'csv', 1, 'payroll', 'EMPLOYEE', 1, '[]', 'bench', ?, ?, ?)`,
    ).run('0'.repeat(64), now, PAYMENTS, PAYMENTS);
    db.prepare(
      `INSERT INTO batches (id, import_id, kind, status, relationship_type, created_by, created_at,
        updated_at, expires_at, approvals_required)
       VALUES (1, 1, 'PAYOUT', 'COMPLETED_WITH_FAILURES', 'EMPLOYEE', 'bench', ?, ?, ?, 1)`,
    ).run(now, now, now);
    const row = db.prepare(
      `INSERT INTO import_rows (id, import_id, "row_number", status, raw, fields, currency, amount_minor, errors, warnings)
       VALUES (?, 1, ?, 'valid', '[]', NULL, ?, ?, '[]', '[]')`,
    );
    const pay = db.prepare(
      `INSERT INTO payments (id, batch_id, import_row_id, "row_number", dedupe_key, external_ref, full_name,
        phone, currency, amount_minor, method, provider, fee_minor, payer_amount_minor, payee_amount_minor,
        status, reason, attempt_count, status_changed_at, completed_at)
       VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'MTN', 'PAWAPAY', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const attempt = db.prepare(
      `INSERT INTO payment_attempts (payment_id, attempt_no, reference_id, state, dollr_session_id,
        worker, send_count, gateway_message, payer_amount_minor, payee_amount_minor, created_at, resolved_at)
       VALUES (?, 1, ?, ?, ?, 'bench', 1, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= PAYMENTS; i += 1) {
      const p = payment(i);
      const rowNumber = i + 1;
      const sent = p.status === 'COMPLETED' || p.status === 'FAILED';
      row.run(i, rowNumber, p.currency, p.amount);
      pay.run(
        i,
        i,
        rowNumber,
        `bench|${i}`,
        p.ref,
        p.name,
        p.phone,
        p.currency,
        p.amount,
        p.fee,
        p.amount + p.fee,
        p.amount,
        p.status,
        p.status === 'FAILED'
          ? 'Payer declined'
          : p.status === 'REJECTED'
            ? 'Unsupported operator'
            : null,
        sent ? 1 : 0,
        now,
        p.status === 'COMPLETED' ? now : null,
      );
      if (sent) {
        attempt.run(
          i,
          randomUUID(),
          p.status,
          1000 + i,
          p.status === 'FAILED' ? 'Payer declined' : 'Success',
          p.amount + p.fee,
          p.amount,
          now,
          now,
        );
      }
    }
  })();
  db.close();
}

async function report(format: 'xlsx' | 'csv'): Promise<number> {
  const config = loadConfig({
    DATABASE_URL: `sqlite:${DATABASE}`,
    LOG_LEVEL: 'silent',
    DATA_DIR: DIR,
  });
  const dataSource = new DataSource(buildDataSourceOptions(parseDatabaseUrl(config.databaseUrl)));
  const service = new ReportService(
    new DatabaseService(dataSource, config),
    config,
    new AuditLog(dataSource),
  );
  try {
    const counts = await service.writeReport(
      { kind: 'batch', batchId: 1 },
      format,
      join(DIR, `report.${format}`),
    );
    if (counts.detailRows !== PAYMENTS)
      throw new Error(`expected ${PAYMENTS} rows, got ${counts.detailRows}`);
    return counts.detailRows;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/** A row of the same shape as the report's Detail row (26 cells), without the connector. */
function floorRow(i: number): (string | number | Date | null)[] {
  const p = payment(i);
  const completed = p.status === 'COMPLETED';
  const date = new Date('2026-01-31T09:00:00Z');
  return [
    'payment',
    'payroll.csv',
    i + 1,
    1,
    p.ref,
    p.name,
    p.phone,
    p.amount / 100,
    p.currency,
    'MTN',
    'PAWAPAY',
    randomUUID(),
    String(1000 + i),
    null,
    p.status,
    p.status,
    'Success',
    null,
    p.fee / 100,
    (p.amount + p.fee) / 100,
    p.amount / 100,
    completed ? p.amount / 100 : null,
    completed ? 0 : null,
    null,
    date,
    completed ? date : null,
  ];
}

async function zipCatchUp(sheet: ExcelJS.Worksheet): Promise<void> {
  const target = (
    sheet as unknown as {
      stream: {
        pipes: { _writableState: { length: number }; _readableState: { length: number } }[];
      };
    }
  ).stream.pipes[0];
  do {
    await new Promise((resolve) => setImmediate(resolve));
  } while (
    target !== undefined &&
    target._writableState.length + target._readableState.length > 1024 * 1024
  );
}

async function floorXlsx(): Promise<number> {
  const money: Partial<ExcelJS.Style> = { numFmt: '#,##0.00' };
  const dateStyle: Partial<ExcelJS.Style> = { numFmt: 'yyyy-mm-dd hh:mm:ss' };
  const plain: Partial<ExcelJS.Style> = {};
  const kinds = floorRow(1).map((_, i) =>
    [7, 18, 19, 20, 21, 22].includes(i) ? money : [24, 25].includes(i) ? dateStyle : plain,
  );
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: join(DIR, 'floor.xlsx'),
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('Detail');
  sheet.addRow(floorRow(0).map((_, i) => `Column ${i + 1}`)).commit();
  for (let i = 1; i <= PAYMENTS; i += 1) {
    const row = sheet.addRow(floorRow(i));
    for (let c = 0; c < kinds.length; c += 1) row.getCell(c + 1).style = kinds[c];
    row.commit();
    // The same pause as the report's between pages: without it exceljs keeps every row's XML in
    // memory until the end (its writer ignores backpressure).
    if (i % 2000 === 0) await zipCatchUp(sheet);
  }
  sheet.commit();
  await workbook.commit();
  return PAYMENTS;
}

async function floorCsv(): Promise<number> {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  const writing = pipeline(csv, createWriteStream(join(DIR, 'floor.csv')));
  csv.write(floorRow(0).map((_, i) => `Column ${i + 1}`));
  for (let i = 1; i <= PAYMENTS; i += 1) {
    const record = floorRow(i).map((v) =>
      v === null
        ? ''
        : v instanceof Date
          ? v.toISOString().slice(0, 19).replace('T', ' ')
          : String(v),
    );
    if (!csv.write(record)) await new Promise((r) => csv.once('drain', r));
  }
  csv.end();
  await writing;
  return PAYMENTS;
}

async function child(phase: string): Promise<void> {
  const started = process.hrtime.bigint();
  let rows: number;
  let file: string;
  if (phase === 'seed') return seed();
  if (phase === 'report-xlsx') [rows, file] = [await report('xlsx'), 'report.xlsx'];
  else if (phase === 'report-csv') [rows, file] = [await report('csv'), 'report.csv'];
  else if (phase === 'floor-xlsx') [rows, file] = [await floorXlsx(), 'floor.xlsx'];
  else if (phase === 'floor-csv') [rows, file] = [await floorCsv(), 'floor.csv'];
  else throw new Error(`unknown phase ${phase}`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const measurement: Measurement = {
    rows,
    seconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    bytes: statSync(join(DIR, file)).size,
  };
  out(JSON.stringify(measurement));
}

function run(phase: string): Measurement {
  const result = spawnSync(process.execPath, [__filename, phase], {
    encoding: 'utf8',
    env: { ...process.env, BENCH_PAYMENTS: String(PAYMENTS) },
  });
  if (result.status !== 0) throw new Error(`${phase} failed:\n${result.stderr}`);
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Measurement;
}

/** The faster run, with the larger of the two peak RSS figures. */
function fastest(best: Measurement | undefined, next: Measurement): Measurement {
  if (best === undefined) return next;
  const winner = next.seconds < best.seconds ? next : best;
  return { ...winner, peakRssMiB: Math.max(best.peakRssMiB, next.peakRssMiB) };
}

function rate(m: Measurement): number {
  return m.rows / m.seconds;
}

function line(label: string, m: Measurement, floor?: Measurement, target?: number): string {
  const ratio =
    floor === undefined
      ? ''
      : `  ratio ${(rate(m) / rate(floor)).toFixed(2)} (target >= ${target})`;
  return `${label.padEnd(34)} ${m.rows} rows in ${m.seconds.toFixed(2)} s = ${Math.round(rate(m)).toLocaleString('en-US').padStart(8)} rows/s, ${(m.bytes / 1024 / 1024).toFixed(1)} MiB file, peak RSS ${m.peakRssMiB.toFixed(0)} MiB${ratio}`;
}

async function main(): Promise<void> {
  const [phase] = process.argv.slice(2);
  if (phase !== undefined) return child(phase);

  out(`Seeding ${PAYMENTS} payments into ${DATABASE} ...`);
  const seeding = Date.now();
  await seed();
  out(`Seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s.`);

  let failed = false;
  for (const format of ['xlsx', 'csv'] as const) {
    let floor: Measurement | undefined;
    let measured: Measurement | undefined;
    for (let i = 0; i < RUNS; i += 1) {
      floor = fastest(floor, run(`floor-${format}`));
      measured = fastest(measured, run(`report-${format}`));
    }
    if (floor === undefined || measured === undefined)
      throw new Error('BENCH_RUNS must be 1 or more');
    const library = format === 'xlsx' ? 'exceljs streaming writer' : 'csv-stringify';
    out(line(`floor: ${library}`, floor));
    out(line(`report --batch 1 --format ${format}`, measured, floor, TARGETS[format]));
    if (rate(measured) / rate(floor) < TARGETS[format]) failed = true;
    if (measured.peakRssMiB > TARGETS.rssMiB) failed = true;
  }
  out(
    failed
      ? `Some targets were missed (ratio, or peak RSS > ${TARGETS.rssMiB} MiB).`
      : 'All targets met.',
  );
  if (process.env.BENCH_KEEP === undefined) rmSync(DIR, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
