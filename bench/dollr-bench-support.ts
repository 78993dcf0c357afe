/** What the Dollr benchmarks share: a counting proxy in front of the sandbox, the CLI, the load. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../src/cli.js');

export function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** `/v1/status/payout/<uuid>?x=1` -> `GET /v1/status/payout`: the endpoint, without ids. */
export function endpointOf(method: string, url: string): string {
  const parts = (url.split('?')[0] ?? '')
    .split('/')
    .filter((part) => part !== '' && !/^\d+$/.test(part) && !/^[0-9a-f-]{36}$/i.test(part));
  return `${method} /${parts.join('/')}`;
}

export interface Traffic {
  /** Requests by endpoint. */
  readonly endpoints: Map<string, number>;
  /** Answers by status code; `lost` for a connection closed without an answer. */
  readonly statuses: Map<string, number>;
  firstAt: number;
  lastAt: number;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts requests on their way to the sandbox, by endpoint, and their answers, by status. */
export async function countingProxy(
  target: string,
): Promise<{ url: string; traffic: Traffic; reset(): void; close(): Promise<void> }> {
  const traffic: Traffic = { endpoints: new Map(), statuses: new Map(), firstAt: 0, lastAt: 0 };
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const now = Date.now();
    if (traffic.firstAt === 0) traffic.firstAt = now;
    traffic.lastAt = now;
    bump(traffic.endpoints, endpointOf(req.method ?? 'GET', req.url ?? ''));
    const proxied = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        bump(traffic.statuses, String(answer.statusCode ?? 0));
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    proxied.on('error', () => {
      bump(traffic.statuses, 'lost');
      res.destroy();
    });
    req.pipe(proxied);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    traffic,
    reset: () => {
      traffic.endpoints.clear();
      traffic.statuses.clear();
      traffic.firstAt = 0;
      traffic.lastAt = 0;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** CPU seconds (user + system) a running process has used so far, from /proc (Linux only). */
function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs one CLI command and resolves with its last stdout line, and the CPU time it used (sampled
 * every 200 ms, so slightly under). BENCH_CPU_PROF=dir writes a V8 CPU profile of `batch run`.
 */
export function cli(
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ line: string; cpuSeconds: number | undefined }> {
  return new Promise((resolvePromise, reject) => {
    const profile =
      process.env.BENCH_CPU_PROF !== undefined && args[1] === 'run'
        ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`]
        : [];
    const child = spawn(process.execPath, [...profile, CLI, ...args, '--json'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      cwd,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let cpuSeconds: number | undefined;
    const sampler = setInterval(() => {
      cpuSeconds = cpuSecondsOf(child.pid) ?? cpuSeconds;
    }, 200);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (code) => {
      clearInterval(sampler);
      const line = stdout.trimEnd().split('\n').pop() ?? '';
      if (code === 0 || code === 2) resolvePromise({ line, cpuSeconds });
      else reject(new Error(`${args.join(' ')} exited ${code}: ${line}`));
    });
  });
}

export function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** The connector's settings in a benchmark: its own folder, Dollr at `dollrUrl`, the given limit. */
export function connectorEnvironment(options: {
  readonly dir: string;
  readonly dollrUrl: string;
  readonly sandbox: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly passcode: string;
  };
  readonly limitRps: number;
  readonly databaseUrl?: string;
}): Record<string, string> {
  const { dir, sandbox } = options;
  return {
    DATABASE_URL: options.databaseUrl ?? `sqlite:${join(dir, 'connector.sqlite')}`,
    DATA_DIR: dir,
    DOLLR_BASE_URL: options.dollrUrl,
    DOLLR_CLIENT_ID: sandbox.clientId,
    DOLLR_CLIENT_SECRET: sandbox.clientSecret,
    DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
    DOLLR_PAYOUT_PHONE: '231770000001',
    DOLLR_RATE_LIMIT_RPS: String(options.limitRps),
    DOLLR_MAX_CONCURRENCY: '16',
    APPROVAL_TWO_PERSON_THRESHOLDS: 'USD=999999999',
  };
}
