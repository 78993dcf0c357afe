/**
 * `npm run bench:payouts`: pays a payroll of BENCH_PAYOUTS payees (default 5,000) against the
 * sandbox with 50 ms added latency behind a 50 requests/s limit, with the connector's own limit set
 * to the same 50/s, and prints the execution rate (payouts settled per second, also as a fraction
 * of the limit), how much of the request budget the connector used, where the requests went, the
 * end-to-end time and the ledger check. A second run adds the issue's fault mix (5xx, 429, dropped
 * responses, 20 s tokens, PROCESSING lasting up to 30 s). A third pays it with two connector
 * processes on one MariaDB (BENCH_DATABASE_URL, default mysql://root@127.0.0.1:3306), sharing the
 * one limit. Every step goes through the built CLI, as a user would run it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { type RunningSandbox, startSandbox } from '../src/sandbox';
import { cli, connectorEnvironment, countingProxy, load, out } from './dollr-bench-support';

const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 5_000);
const LIMIT_RPS = 50;
/**
 * The fewest Dollr requests a payout can take: session, execution and one status poll; a payee new
 * to Dollr (every payee here) adds the party, the counterparty and the account (a payee no sync
 * ever sent a party create for is not looked up first).
 */
const FLOOR_REQUESTS_KNOWN_PAYEE = 3;
const FLOOR_REQUESTS_NEW_PAYEE = 6;
/** In the fault run, every SLOW_EVERY-th payee's number ends in 904: PROCESSING for 30 s. */
const SLOW_EVERY = 20;
const SLOW_PROCESSING_MS = 30_000;

interface RunOptions {
  readonly faults: string;
  /** How many connector processes pay the batch together, each with `batch run --wait`. */
  readonly processes: number;
  readonly databaseUrl?: string;
}

async function run(label: string, options: RunOptions): Promise<void> {
  const { faults, processes } = options;
  const slow = faults !== '';
  const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-bench-payouts-'));
  const sandbox: RunningSandbox = await startSandbox({
    timing: { pendingMs: 200, processingMs: 1_000, slowProcessingMs: SLOW_PROCESSING_MS },
    faults: `latency=50,rps=${LIMIT_RPS}`,
  });
  const proxy = await countingProxy(sandbox.url);
  const env = connectorEnvironment({
    dir,
    dollrUrl: proxy.url,
    sandbox,
    limitRps: LIMIT_RPS,
    databaseUrl: options.databaseUrl,
  });
  try {
    const lines = ['Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period'];
    for (let i = 0; i < PAYOUTS; i += 1) {
      // Last three digits below 900 complete after processingMs; 904 completes after 30 s.
      const ending =
        slow && i % SLOW_EVERY === SLOW_EVERY - 1 ? '904' : String(i % 900).padStart(3, '0');
      lines.push(
        `B${i},Payee ${i},088650${Math.floor(i / 900) % 10}${ending},${10 + (i % 7)}.00,USD,bench`,
      );
    }
    const file = join(dir, 'payroll.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const summary = JSON.parse(
      (await cli(['import', file, '--type', 'payables', '--as', 'maker'], env, dir)).line,
    ) as {
      batchId: number;
    };
    const id = String(summary.batchId);
    await cli(['batch', 'preflight', id], env, dir);
    await cli(['batch', 'approve', id, '--as', 'checker'], env, dir);

    sandbox.setFaults(`latency=50,rps=${LIMIT_RPS}${faults ? `,${faults}` : ''}`);
    proxy.reset();
    const loadBefore = load();
    const started = Date.now();
    const benchCpuBefore = process.cpuUsage();
    const since = new Date().toISOString();
    const runs = await Promise.all(
      Array.from({ length: processes }, () => cli(['batch', 'run', id, '--wait'], env, dir)),
    );
    const benchCpu = process.cpuUsage(benchCpuBefore);
    const seconds = (Date.now() - started) / 1000;
    // Read once every process has exited: each one's own last line may predate the other's work.
    const final = JSON.parse((await cli(['batch', 'show', id], env, dir)).line) as {
      status: string;
      counts: Record<string, number>;
    };
    const { traffic } = proxy;
    const activeSeconds = Math.max(0.001, (traffic.lastAt - traffic.firstAt) / 1000);

    const requests = [...traffic.endpoints.values()].reduce((a, b) => a + b, 0);
    const settled = (final.counts.COMPLETED ?? 0) + (final.counts.FAILED ?? 0);
    const ledger = (await (await fetch(`${sandbox.url}/__sandbox/ledger`)).json()) as {
      executions: { effects: number; status: string }[];
    };
    const twice = ledger.executions.filter((e) => e.effects > 1).length;
    const paid = ledger.executions.filter((e) => e.effects === 1).length;
    const rate = settled / seconds;
    const ceiling = LIMIT_RPS / FLOOR_REQUESTS_NEW_PAYEE;
    const seen = (await (
      await fetch(`${sandbox.url}/__sandbox/traffic?since=${encodeURIComponent(since)}`)
    ).json()) as { busiest_second: Record<string, number> };
    out(
      `\n${label}: ${PAYOUTS} payouts, limit ${LIMIT_RPS} req/s, 50 ms latency${faults ? `, faults ${faults}, every ${SLOW_EVERY}th payee PROCESSING for ${SLOW_PROCESSING_MS / 1000} s` : ''}` +
        `, ${processes === 1 ? 'one connector process' : `${processes} connector processes (batch run --wait each) on ${options.databaseUrl?.split(':')[0] ?? 'sqlite'}`}`,
    );
    out(`  load average (1/5/15 min): before ${loadBefore}, after ${load()}`);
    out(`  batch ${final.status}: ${JSON.stringify(final.counts)}`);
    out(
      `  end to end (batch run --wait, CLI start to exit): ${seconds.toFixed(1)} s; first to last Dollr request: ${activeSeconds.toFixed(1)} s`,
    );
    out(
      `  execution rate: ${rate.toFixed(2)} payouts settled/s = ${(rate / LIMIT_RPS).toFixed(3)} of the ${LIMIT_RPS} req/s limit` +
        `; a payout takes at least ${FLOOR_REQUESTS_NEW_PAYEE} requests for a new payee (${FLOOR_REQUESTS_KNOWN_PAYEE} for one already on Dollr),` +
        ` so this fraction cannot exceed ${(1 / FLOOR_REQUESTS_NEW_PAYEE).toFixed(3)} here (${(1 / FLOOR_REQUESTS_KNOWN_PAYEE).toFixed(3)});` +
        ` achieved ${(rate / ceiling).toFixed(2)} of the ${ceiling.toFixed(1)} payouts/s the limit allows for new payees`,
    );
    out(
      `  request budget used: ${requests} requests, ${(requests / seconds).toFixed(1)}/s = ${(requests / seconds / LIMIT_RPS).toFixed(2)} of the limit end to end` +
        ` (${(requests / activeSeconds / LIMIT_RPS).toFixed(2)} between the first and last request)`,
    );
    out(
      `  busiest second at the sandbox: ${seen.busiest_second[`merchant:${sandbox.clientId}`] ?? 0} requests (limit ${LIMIT_RPS})`,
    );
    out(
      `  CPU: connector (batch run) ${runs.map((r) => `${r.cpuSeconds?.toFixed(1) ?? '?'} s`).join(' + ')}, sandbox and proxy ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s, on ${cpus().length} cores`,
    );
    out(`  requests per payout: ${(requests / PAYOUTS).toFixed(2)}`);
    for (const [endpoint, count] of [...traffic.endpoints].sort((a, b) => b[1] - a[1])) {
      out(
        `    ${endpoint.padEnd(42)} ${String(count).padStart(7)}  ${(count / PAYOUTS).toFixed(2)}/payout`,
      );
    }
    out(
      `  answers: ${[...traffic.statuses]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([status, count]) => `${status} x${count}`)
        .join(', ')}`,
    );
    out(
      `  ledger: ${paid} paid once, ${twice} paid more than once, completed payments ${final.counts.COMPLETED ?? 0} -> ${twice === 0 && paid === (final.counts.COMPLETED ?? -1) ? 'EXACT' : 'MISMATCH'}`,
    );
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

/**
 * Issue #5's fault mix: 429 bursts (1 s in every 20 s), 10 % 5xx, 5 % dropped answers and 20 s
 * tokens; every 20th payee is kept PROCESSING for 30 s.
 */
const FAULT_MIX = 'burst429=1s/20s,error5xx=0.1,drop=0.05,tokenTtl=20s,seed=5';

/** A new, empty database on the MariaDB of BENCH_DATABASE_URL, dropped by `drop`. */
async function mariadbDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306');
  const name = `dollr_bench_${Date.now()}`;
  const admin = () =>
    createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const connection = await admin();
  await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await connection.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = await admin();
      await again.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await again.end();
    },
  };
}

async function main(): Promise<void> {
  const only = process.env.BENCH_RUNS ?? 'clean,faults,replicas';
  if (only.includes('clean')) await run('clean run', { faults: '', processes: 1 });
  if (only.includes('faults')) await run('fault run', { faults: FAULT_MIX, processes: 1 });
  if (only.includes('replicas')) {
    const database = await mariadbDatabase();
    try {
      await run('two-process run', { faults: '', processes: 2, databaseUrl: database.url });
    } finally {
      await database.drop();
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
