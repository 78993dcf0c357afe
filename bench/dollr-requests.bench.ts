/**
 * The Dollr half of `npm run bench:pipeline`: BENCH_PAYEES payees (default 5,000) paid two months
 * running, month 2 to the same people with the same amounts, through the built CLI against the
 * sandbox behind a counting proxy. It prints the Dollr requests per payout of each month and stage
 * (pre-flight, run) against the targets (month 1 at most 7.5, month 2 at most 3.3) and checks the
 * ledger (every completed payment moved money once, none twice). Then it pre-flights as many new
 * payees under the fault mix error5xx=0.1,drop=0.05,rate429=0.05 and says whether one
 * `batch preflight` finished the job.
 *
 * The sandbox's limit and the connector's are BENCH_RPS (default 200 requests/s): the counts do not
 * depend on the rate, and a higher one keeps the run short.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../src/sandbox';
import { cli, connectorEnvironment, countingProxy, load, out } from './dollr-bench-support';

const PAYEES = Number(process.env.BENCH_PAYEES ?? 5_000);
const LIMIT_RPS = Number(process.env.BENCH_RPS ?? 200);
const TARGETS = { 1: 7.5, 2: 3.3 } as const;
const FAULT_MIX = 'error5xx=0.1,drop=0.05,rate429=0.05';

type Proxy = Awaited<ReturnType<typeof countingProxy>>;

interface BatchView {
  readonly batchId: number;
  readonly status: string;
  readonly counts: Record<string, number>;
  readonly preflight?: { readonly checked: number; readonly total: number };
}

/** The same payees every month: unique numbers whose last three digits stay below 900. */
function payroll(dir: string, period: string, firstPayee = 0): string {
  const lines = ['Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period'];
  for (let i = firstPayee; i < firstPayee + PAYEES; i += 1) {
    const phone = `08865${String(Math.floor(i / 900)).padStart(2, '0')}${String(i % 900).padStart(3, '0')}`;
    lines.push(`E${i},Payee ${i},${phone},${10 + (i % 7)}.00,USD,${period}`);
  }
  const file = join(dir, `payroll-${period}-${firstPayee}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function requestsOf(proxy: Proxy): { total: number; byEndpoint: [string, number][] } {
  const byEndpoint = [...proxy.traffic.endpoints].sort((a, b) => b[1] - a[1]);
  return { total: byEndpoint.reduce((sum, [, count]) => sum + count, 0), byEndpoint };
}

function perPayout(label: string, requests: { total: number; byEndpoint: [string, number][] }) {
  out(`    ${label}: ${(requests.total / PAYEES).toFixed(2)} requests/payout (${requests.total})`);
  for (const [endpoint, count] of requests.byEndpoint) {
    out(
      `      ${endpoint.padEnd(40)} ${String(count).padStart(7)}  ${(count / PAYEES).toFixed(2)}`,
    );
  }
}

async function show(id: string, env: Record<string, string>, dir: string): Promise<BatchView> {
  return JSON.parse((await cli(['batch', 'show', id], env, dir)).line) as BatchView;
}

async function month(
  number: 1 | 2,
  env: Record<string, string>,
  dir: string,
  proxy: Proxy,
): Promise<number> {
  const file = payroll(dir, `2026-${9 + number}`);
  const imported = JSON.parse(
    (await cli(['import', file, '--type', 'payables', '--as', 'maker'], env, dir)).line,
  ) as { batchId: number };
  const id = String(imported.batchId);

  proxy.reset();
  let started = Date.now();
  await cli(['batch', 'preflight', id], env, dir);
  const preflight = requestsOf(proxy);
  const preflightSeconds = (Date.now() - started) / 1000;
  await cli(['batch', 'approve', id, '--as', 'checker'], env, dir);

  proxy.reset();
  started = Date.now();
  await cli(['batch', 'run', id, '--wait'], env, dir);
  const run = requestsOf(proxy);
  const runSeconds = (Date.now() - started) / 1000;
  const view = await show(id, env, dir);

  const total = (preflight.total + run.total) / PAYEES;
  out(
    `\n  month ${number} (${number === 1 ? 'new payees' : 'the same people and amounts'}): batch ${view.status} ${JSON.stringify(view.counts)}`,
  );
  out(`    pre-flight ${preflightSeconds.toFixed(1)} s, run ${runSeconds.toFixed(1)} s`);
  perPayout('pre-flight', preflight);
  perPayout('run', run);
  out(
    `    total: ${total.toFixed(2)} requests/payout (target at most ${TARGETS[number]}: ${total <= TARGETS[number] ? 'MET' : 'MISSED'})`,
  );
  return view.counts.COMPLETED ?? 0;
}

async function twoMonths(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-bench-requests-'));
  const sandbox = await startSandbox({
    timing: { pendingMs: 200, processingMs: 1_000 },
    faults: `rps=${LIMIT_RPS}`,
  });
  const proxy = await countingProxy(sandbox.url);
  const env = connectorEnvironment({ dir, dollrUrl: proxy.url, sandbox, limitRps: LIMIT_RPS });
  try {
    out(`${PAYEES} payees, limit ${LIMIT_RPS} req/s; load average before: ${load()}`);
    const completed = (await month(1, env, dir, proxy)) + (await month(2, env, dir, proxy));
    const ledger = (await (await fetch(`${sandbox.url}/__sandbox/ledger`)).json()) as {
      executions: { effects: number }[];
    };
    const twice = ledger.executions.filter((e) => e.effects > 1).length;
    const paid = ledger.executions.filter((e) => e.effects === 1).length;
    out(
      `\n  ledger: ${paid} paid once, ${twice} more than once, ${completed} completed payments -> ${twice === 0 && paid === completed ? 'EXACT' : 'MISMATCH'}`,
    );
    out(`  load average after: ${load()}`);
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

async function preflightUnderFaults(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-bench-requests-faults-'));
  const sandbox = await startSandbox({ faults: `rps=${LIMIT_RPS},${FAULT_MIX},seed=15` });
  const proxy = await countingProxy(sandbox.url);
  const env = connectorEnvironment({ dir, dollrUrl: proxy.url, sandbox, limitRps: LIMIT_RPS });
  try {
    const file = payroll(dir, '2026-10');
    const imported = JSON.parse(
      (await cli(['import', file, '--type', 'payables', '--as', 'maker'], env, dir)).line,
    ) as { batchId: number };
    const id = String(imported.batchId);
    const started = Date.now();
    let runs = 0;
    let view: BatchView;
    do {
      runs += 1;
      try {
        await cli(['batch', 'preflight', id], env, dir);
      } catch (error) {
        out(`    run ${runs} stopped: ${(error as Error).message.slice(0, 300)}`);
      }
      view = await show(id, env, dir);
    } while (runs < 5 && (view.preflight?.checked ?? 0) < (view.preflight?.total ?? 1));
    const statuses = [...proxy.traffic.statuses]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([status, count]) => `${status} x${count}`)
      .join(', ');
    out(`\n  pre-flight of ${PAYEES} new payees under ${FAULT_MIX}:`);
    out(
      `    checked ${view.preflight?.checked ?? '?'} of ${view.preflight?.total ?? '?'} after ${runs} run(s) of batch preflight, ${((Date.now() - started) / 1000).toFixed(1)} s` +
        ` -> ${runs === 1 && view.preflight?.checked === view.preflight?.total ? 'COMPLETED WITHOUT A RESTART' : 'NEEDED A RESTART'}`,
    );
    out(`    requests: ${requestsOf(proxy).total}; answers: ${statuses}`);
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  out('\nDollr requests per payout (bench/dollr-requests.bench.ts)');
  await twoMonths();
  await preflightUnderFaults();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
