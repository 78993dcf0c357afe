/**
 * `npm run bench:cli`: how long the command line takes to answer, as a user runs it, on the
 * embedded default (SQLite, built-in sandbox) in a scratch folder. Each command runs BENCH_RUNS
 * times (default 5) through `npm run cli --` and through `node dist/src/cli.js`; the median and
 * the slowest run are printed against the targets (--help and batch list under 1.5 s, doctor
 * under 3 s). Build first (`npm run build`): nothing here compiles the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/src/cli.js');

const COMMANDS: { args: string[]; targetS: number }[] = [
  { args: ['--help'], targetS: 1.5 },
  { args: ['batch', 'list'], targetS: 1.5 },
  { args: ['doctor'], targetS: 3 },
];

/** Wall time of one run, in seconds; a failed command ends the benchmark. */
function timed(command: string, args: string[], cwd: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd,
    // Absolute paths: npm runs the script from the package's folder.
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: join(cwd, 'data'),
      DATABASE_URL: `sqlite:${join(cwd, 'data', 'connector.sqlite')}`,
    },
    encoding: 'utf8',
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  return seconds;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function main(): void {
  const cwd = mkdtempSync(join(tmpdir(), 'dollr-connector-bench-cli-'));
  process.stdout.write(
    `CLI response times, ${RUNS} runs each (${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)})\n`,
  );
  // The database is created and migrated once, as on any machine after its first command.
  timed(process.execPath, [CLI, 'db:migrate'], cwd);
  let allMet = true;
  for (const { args, targetS } of COMMANDS) {
    for (const [how, command, prefix] of [
      ['npm run cli --', 'npm', ['run', '-s', '--prefix', ROOT, 'cli', '--']],
      ['node dist/src/cli.js', process.execPath, [CLI]],
    ] as const) {
      const times = Array.from({ length: RUNS }, () => timed(command, [...prefix, ...args], cwd));
      const slowest = Math.max(...times);
      const met = slowest < targetS;
      allMet &&= met;
      process.stdout.write(
        `  ${`${how} ${args.join(' ')}`.padEnd(36)} median ${median(times).toFixed(2)} s, slowest ${slowest.toFixed(2)} s (target < ${targetS} s: ${met ? 'met' : 'MISSED'})\n`,
      );
    }
  }
  process.stdout.write(allMet ? 'Every target met.\n' : 'Some targets missed.\n');
}

main();
