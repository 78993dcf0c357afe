/**
 * `npm run bench:payouts`: pays a payroll of BENCH_PAYOUTS payees (default 5,000) against the
 * sandbox with 50 ms added latency behind a 50 requests/s limit, with the connector's own limit set
 * to the same 50/s, and prints how much of that budget the connector used, the execution rate, the
 * end-to-end time and the ledger check. A second run adds the fault mix (5xx, 429, dropped
 * responses, 20 s tokens). Every step goes through the built CLI, as a user would run it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RunningSandbox, startSandbox } from '../src/sandbox';

const PAYOUTS = Number(process.env.BENCH_PAYOUTS ?? 5_000);
const LIMIT_RPS = 50;
const CLI = resolve(__dirname, '../src/cli.js');

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Counts requests on their way to the sandbox, by path family. */
async function countingProxy(
  target: string,
): Promise<{ url: string; counts: Map<string, number>; close(): Promise<void> }> {
  const counts = new Map<string, number>();
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const family = (req.url ?? '').split('?')[0]?.split('/').slice(0, 3).join('/') ?? '';
    counts.set(family, (counts.get(family) ?? 0) + 1);
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => res.destroy());
    req.pipe(proxied);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function cli(args: string[], env: Record<string, string>, cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--json'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => {
      const last = stdout.trimEnd().split('\n').pop() ?? '';
      if (code === 0 || code === 2) resolvePromise(last);
      else reject(new Error(`${args.join(' ')} exited ${code}: ${last}`));
    });
  });
}

async function run(label: string, faults: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-bench-payouts-'));
  const sandbox: RunningSandbox = await startSandbox({
    timing: { pendingMs: 200, processingMs: 1_000 },
    faults: `latency=50,rps=${LIMIT_RPS}`,
  });
  const proxy = await countingProxy(sandbox.url);
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'connector.sqlite')}`,
    DATA_DIR: dir,
    DOLLR_BASE_URL: proxy.url,
    DOLLR_CLIENT_ID: sandbox.clientId,
    DOLLR_CLIENT_SECRET: sandbox.clientSecret,
    DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
    DOLLR_PAYOUT_PHONE: '231770000001',
    DOLLR_RATE_LIMIT_RPS: String(LIMIT_RPS),
    DOLLR_MAX_CONCURRENCY: '16',
    APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=999999999',
  };
  try {
    const lines = ['Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period'];
    for (let i = 0; i < PAYOUTS; i += 1) {
      // Last three digits below 900: numbers the sandbox completes.
      lines.push(
        `B${i},Payee ${i},088650${Math.floor(i / 900)}${String(i % 900).padStart(3, '0')},${10 + (i % 7)}.00,USD,bench`,
      );
    }
    const file = join(dir, 'payroll.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const summary = JSON.parse(
      await cli(['import', file, '--type', 'payables', '--as', 'maker'], env, dir),
    ) as {
      batchId: number;
    };
    const id = String(summary.batchId);
    await cli(['batch', 'preflight', id], env, dir);
    await cli(['batch', 'approve', id, '--as', 'checker'], env, dir);

    sandbox.setFaults(`latency=50,rps=${LIMIT_RPS}${faults ? `,${faults}` : ''}`);
    proxy.counts.clear();
    const started = Date.now();
    const final = JSON.parse(await cli(['batch', 'run', id, '--wait'], env, dir)) as {
      status: string;
      counts: Record<string, number>;
    };
    const seconds = (Date.now() - started) / 1000;

    const requests = [...proxy.counts.values()].reduce((a, b) => a + b, 0);
    const executions = proxy.counts.get('/v1/executions') ?? 0;
    const ledger = (await (await fetch(`${sandbox.url}/__sandbox/ledger`)).json()) as {
      executions: { effects: number; status: string }[];
    };
    const twice = ledger.executions.filter((e) => e.effects > 1).length;
    const paid = ledger.executions.filter((e) => e.effects === 1).length;
    out(
      `\n${label}: ${PAYOUTS} payouts, limit ${LIMIT_RPS} req/s, 50 ms latency${faults ? `, faults ${faults}` : ''}`,
    );
    out(`  batch ${final.status}: ${JSON.stringify(final.counts)}`);
    out(`  end to end (run): ${seconds.toFixed(1)} s`);
    out(
      `  Dollr requests: ${requests} (${(requests / seconds).toFixed(1)}/s = ${(requests / seconds / LIMIT_RPS).toFixed(2)} of the limit)`,
    );
    out(
      `  executions: ${executions} requests, ${(executions / seconds).toFixed(2)}/s; per payout ${(requests / PAYOUTS).toFixed(1)} requests`,
    );
    out(
      `  ledger: ${paid} paid once, ${twice} paid more than once, completed payments ${final.counts.COMPLETED ?? 0} -> ${twice === 0 && paid === (final.counts.COMPLETED ?? -1) ? 'EXACT' : 'MISMATCH'}`,
    );
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

async function main(): Promise<void> {
  await run('clean run', '');
  await run('fault run', 'error5xx=0.1,rate429=0.02,drop=0.05,tokenTtl=20s,seed=5');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
