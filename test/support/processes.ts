import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The built entry points (`npm test` builds first). */
export const CLI = resolve(__dirname, '../../dist/src/cli.js');
export const MAIN = resolve(__dirname, '../../dist/src/main.js');

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment for a child process: no developer .env, no inherited connector settings. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC' };
  return { ...base, ...env };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'dollr-connector-proc-'));
}

export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd = scratchDir(),
): Promise<ProcessResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: childEnv(env), cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export function runCli(
  args: string[],
  env: Record<string, string>,
  cwd?: string,
): Promise<ProcessResult> {
  return runNode(CLI, args, env, cwd);
}

/** The last stdout line parsed as JSON (the `--json` contract). */
export function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '') as Record<string, unknown>;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface RunningService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  stop(): Promise<number | null>;
}

/** Starts `node dist/src/main.js` and waits until it listens. */
export async function startService(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<RunningService> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    env: childEnv({ PORT: String(port), ...env }),
    cwd: scratchDir(),
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));

  const deadline = Date.now() + timeoutMs;
  while (!out.includes('Listening on')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
