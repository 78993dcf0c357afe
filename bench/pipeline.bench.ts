/**
 * `npm run bench:pipeline`: a BENCH_ROWS-row payroll of new payees (default 200,000) through
 * import, batch creation, approval, the reconciliation report (XLSX and CSV) and export-source,
 * on SQLite and, when TEST_DATABASE_URL is set, on MySQL/MariaDB. Each stage runs in its own
 * process (its peak RSS is its own) and is timed from spawn to exit. Every stage but the import
 * is the built CLI as a user runs it (`node dist/src/cli.js ...`, with a preloaded probe that
 * records the peak RSS at exit); the import is ImportService in a process of its own, as in
 * `npm run bench:import`, since the `import` command also makes the batch (it is measured too).
 * The pre-flight (Dollr, per payee) is not part of it: its outcome is written straight into the
 * database, then the end of a pre-flight (BatchLifecycle.submitForApproval) is timed.
 * Targets (issue #15): every stage <= 384 MiB; batch creation <= 1.5 x the import's own time.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { AuditLog } from '../src/auth/audit-log.service';
import { BatchLifecycle } from '../src/batches/batch-lifecycle';
import { BatchQueries } from '../src/batches/batch-queries';
import { parseDatabaseUrl } from '../src/config/database-url';
import { loadConfig } from '../src/config/load-config';
import { buildDataSourceOptions } from '../src/database/data-source-options';
import { DatabaseService } from '../src/database/database.service';
import { sqlValue } from '../src/database/sql-values';
import { ImportService } from '../src/imports/import.service';
import { ImportStore } from '../src/imports/import.store';
import { OriginalFileStore } from '../src/imports/original-files';
import { loadProfile } from '../src/imports/profiles/profile.loader';
import type { InvoicesService } from '../src/invoices/invoices.service';
import { PaymentEntity } from '../src/payments/entities/payment.entity';
import { PAYROLL_HEADER, payrollRow } from '../samples/payroll-data';
import { createTestDatabase } from '../test/support/test-database';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const DIR = join(tmpdir(), `dollr-connector-pipeline-bench-${ROWS}`);
const CSV = join(DIR, 'payroll.csv');
const CLI = resolve(__dirname, '../src/cli.js');
const PROBE = resolve(__dirname, 'rss-probe.js');
const TARGET_RSS_MIB = 384;
const TARGET_BATCH_OVER_IMPORT = 1.5;
const UPLOADER = 'bench.uploader';
const APPROVERS = ['bench.checker', 'bench.second'];

interface Measurement {
  readonly stage: string;
  readonly seconds: number;
  readonly peakRssMiB: number;
  readonly detail?: string;
}

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function generate(): Promise<void> {
  mkdirSync(DIR, { recursive: true });
  if (existsSync(CSV)) return;
  const csv = stringify();
  const writing = pipeline(csv, createWriteStream(CSV));
  csv.write(PAYROLL_HEADER);
  for (let i = 0; i < ROWS; i += 1) {
    if (!csv.write(payrollRow(i))) await new Promise((r) => csv.once('drain', r));
  }
  csv.end();
  await writing;
}

function environment(databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  };
}

function openDataSource(databaseUrl: string): DataSource {
  return new DataSource(buildDataSourceOptions(parseDatabaseUrl(databaseUrl)));
}

/** In-process stage: the import alone (no batch), as `npm run bench:import` measures it. */
async function importAlone(databaseUrl: string, dataDir: string): Promise<string> {
  const config = loadConfig(environment(databaseUrl, dataDir));
  const dataSource = openDataSource(databaseUrl);
  const service = new ImportService(
    new ImportStore(new DatabaseService(dataSource, config)),
    new AuditLog(dataSource),
    config,
    new OriginalFileStore(config),
  );
  try {
    const outcome = await service.importFile({
      path: CSV,
      fileName: 'payroll.csv',
      kind: 'payables',
      profile: loadProfile('payroll'),
      dryRun: false,
      createdBy: UPLOADER,
    });
    if (outcome.summary.valid !== ROWS || outcome.summary.importId === null) {
      throw new Error(`expected ${ROWS} valid rows, got ${JSON.stringify(outcome.summary)}`);
    }
    return `import ${outcome.summary.importId}`;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

/**
 * In-process stage: what the pre-flight's end does (the content hash and totals of the whole
 * batch, approvals voided, AWAITING_APPROVAL), after every payment was marked checked.
 */
async function submit(databaseUrl: string, dataDir: string, batchId: number): Promise<string> {
  const config = loadConfig(environment(databaseUrl, dataDir));
  const dataSource = openDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const audit = new AuditLog(dataSource);
    const queries = new BatchQueries(dataSource, config, {} as InvoicesService);
    await new BatchLifecycle(dataSource, config, audit, queries).submitForApproval(
      batchId,
      new Date(),
      SYSTEM_ACTOR,
    );
    const batch = await queries.get(batchId);
    return `${batch.status}, ${batch.approvalsRequired} approval(s) needed`;
  } finally {
    await dataSource.destroy();
  }
}

/** Runs an in-process stage in this process and prints its detail as JSON. */
async function child(stage: string, args: string[]): Promise<void> {
  Logger.overrideLogger(false);
  const [url = '', dataDir = '', id] = args;
  let detail: string;
  if (stage === 'import') detail = await importAlone(url, dataDir);
  else if (stage === 'submit') detail = await submit(url, dataDir, Number(id));
  else throw new Error(`unknown stage ${stage}`);
  out(JSON.stringify({ detail, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** Runs a process and times it from spawn to exit. */
function timed(
  args: string[],
  env: Record<string, string>,
): { seconds: number; stdout: string; peakRssMiB: number } {
  const rssFile = join(DIR, `rss-${process.pid}.json`);
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    env: { ...env, BENCH_RSS_FILE: rssFile, BENCH_ROWS: String(ROWS) },
    cwd: DIR,
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(
      `${args.slice(1).join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  const { peakRssMiB } = JSON.parse(readFileSync(rssFile, 'utf8')) as { peakRssMiB: number };
  return { seconds, stdout: result.stdout, peakRssMiB };
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>;
}

/** A stage in its own process running this file. */
function inProcess(stage: string, args: string[], env: Record<string, string>): Measurement {
  const run = timed(['--require', PROBE, __filename, stage, ...args], env);
  return { stage, ...run, detail: String(lastJson(run.stdout).detail) };
}

/** A stage that is a CLI command as a user runs it (with --json). */
function command(
  stage: string,
  args: string[],
  env: Record<string, string>,
): Measurement & { json: Record<string, unknown> } {
  const run = timed(['--require', PROBE, CLI, ...args, '--json'], env);
  return { stage, seconds: run.seconds, peakRssMiB: run.peakRssMiB, json: lastJson(run.stdout) };
}

function line(m: Measurement): string {
  const detail = m.detail === undefined ? '' : `  (${m.detail})`;
  return `  ${m.stage.padEnd(34)} ${m.seconds.toFixed(2).padStart(7)} s   peak RSS ${m.peakRssMiB.toFixed(0).padStart(4)} MiB${detail}`;
}

/** Marks every payment checked by a pre-flight, as a pre-flight that found no problem leaves it. */
async function markChecked(databaseUrl: string, batchId: number): Promise<void> {
  const dataSource = openDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    await dataSource.query(
      `UPDATE payments SET preflight_at = ?, fee_minor = 0 WHERE batch_id = ?`,
      [sqlValue(dataSource, PaymentEntity, 'preflightAt', new Date()), batchId],
    );
  } finally {
    await dataSource.destroy();
  }
}

async function pipelineOn(
  name: string,
  database: { url: string; drop(): Promise<void> },
  scratch: string,
): Promise<boolean> {
  const dataDir = join(scratch, 'data');
  mkdirSync(dataDir, { recursive: true });
  const env = environment(database.url, dataDir);
  const measured: Measurement[] = [];
  const show = (m: Measurement): Measurement => {
    measured.push(m);
    out(line(m));
    return m;
  };
  out(`${name}:`);
  try {
    const imported = show(inProcess('import', [database.url, dataDir], env));
    const importId = Number(/import (\d+)/.exec(imported.detail ?? '')?.[1]);
    const created = command(
      'batch creation (batch create)',
      ['batch', 'create', String(importId), '--as', UPLOADER],
      env,
    );
    const batchId = Number(created.json.batchId);
    show({ ...created, detail: `batch ${batchId}` });
    await markChecked(database.url, batchId);
    show(inProcess('submit', [database.url, dataDir, String(batchId)], env));
    for (const [i, approver] of APPROVERS.entries()) {
      show(
        command(
          `approval ${i + 1} (batch approve)`,
          ['batch', 'approve', String(batchId), '--as', approver],
          env,
        ),
      );
    }
    show(command('details (batch show)', ['batch', 'show', String(batchId)], env));
    for (const format of ['xlsx', 'csv']) {
      show(
        command(
          `report ${format.toUpperCase()}`,
          ['report', '--batch', String(batchId), '--out', join(scratch, `report.${format}`)],
          env,
        ),
      );
    }
    show(
      command(
        'export-source',
        ['export-source', String(importId), '--out', join(scratch, 'payroll-with-status.csv')],
        env,
      ),
    );
  } finally {
    await database.drop();
  }
  // The `import` command as a user runs it: the import and its batch, in a fresh database.
  const fresh = await freshDatabase(name);
  try {
    const freshDir = join(scratch, 'data-import-command');
    mkdirSync(freshDir, { recursive: true });
    show(
      command(
        'import + batch (import command)',
        ['import', CSV, '--type', 'payables', '--profile', 'payroll', '--as', UPLOADER],
        environment(fresh.url, freshDir),
      ),
    );
  } finally {
    await fresh.drop();
  }
  const importSeconds = measured[0]?.seconds ?? Number.NaN;
  const batchSeconds = measured[1]?.seconds ?? Number.NaN;
  const ratio = batchSeconds / importSeconds;
  const heaviest = measured.reduce((a, b) => (b.peakRssMiB > a.peakRssMiB ? b : a));
  out(
    `  batch creation / import = ${ratio.toFixed(2)} (target <= ${TARGET_BATCH_OVER_IMPORT}); ` +
      `largest peak RSS ${heaviest.peakRssMiB.toFixed(0)} MiB, ${heaviest.stage} (target <= ${TARGET_RSS_MIB} MiB)`,
  );
  return ratio <= TARGET_BATCH_OVER_IMPORT && heaviest.peakRssMiB <= TARGET_RSS_MIB;
}

async function freshDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (name !== 'SQLite') return createTestDatabase();
  const dir = join(DIR, `sqlite-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return {
    url: `sqlite:${join(dir, 'bench.sqlite')}`,
    drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

async function main(): Promise<void> {
  const [stage, ...args] = process.argv.slice(2);
  if (stage !== undefined) return child(stage, args);

  out(`Generating a ${ROWS}-row payroll of new payees in ${DIR} (kept for later runs) ...`);
  await generate();
  out(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const names = ['SQLite', ...(process.env.TEST_DATABASE_URL ? ['MySQL'] : [])];
  let met = true;
  for (const name of names) {
    const scratch = join(DIR, `run-${name}-${Date.now()}`);
    mkdirSync(scratch, { recursive: true });
    try {
      met = (await pipelineOn(name, await freshDatabase(name), scratch)) && met;
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  out(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  out(met ? 'All targets met.' : 'Some targets were missed.');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
