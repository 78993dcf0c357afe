import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { RunningSandbox } from '../../src/sandbox';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';

export interface LedgerEntry {
  reference_id: string;
  operation: string;
  amount: string;
  currency: string;
  phone: string;
  session_id: number;
  payment_account_id: number | null;
  status: string;
  requests: number;
  effects: number;
}

/** The CLI pointed at a test database and at a sandbox standing in for Dollr. */
export class PayoutCli {
  readonly dir = scratchDir();

  constructor(private readonly env: Record<string, string>) {}

  static for(
    databaseUrl: string,
    sandbox: RunningSandbox,
    extra: Record<string, string> = {},
  ): PayoutCli {
    return new PayoutCli({
      DATABASE_URL: databaseUrl,
      DOLLR_BASE_URL: sandbox.url,
      DOLLR_CLIENT_ID: sandbox.clientId,
      DOLLR_CLIENT_SECRET: sandbox.clientSecret,
      DOLLR_PAYOUT_PASSCODE: sandbox.passcode,
      DOLLR_PAYOUT_PHONE: '231770000001',
      // The sandbox settles within half a second; Dollr's 2 s first wait would only slow tests.
      DOLLR_FIRST_STATUS_CHECK_MS: '500',
      ...extra,
    });
  }

  environment(): Record<string, string> {
    return { ...this.env };
  }

  with(extra: Record<string, string>): PayoutCli {
    return new PayoutCli({ ...this.env, ...extra });
  }

  run(args: string[]): Promise<ProcessResult> {
    return runCli(args, this.env, this.dir);
  }

  /** Runs a `--json` command and returns its last line, failing with its output if it failed. */
  async json<T = Record<string, unknown>>(args: string[], expectedCode = 0): Promise<T> {
    const result = await this.run([...args, '--json']);
    if (result.code !== expectedCode) {
      throw new Error(
        `${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`,
      );
    }
    return lastJsonLine(result.stdout) as T;
  }

  /** A payroll CSV in the scratch folder: [employee id, name, phone, amount]. */
  payroll(name: string, period: string, rows: [string, string, string, string][]): string {
    const path = join(this.dir, name);
    const lines = ['Employee ID,Employee Name,Mobile Number,Net Pay,Currency,Period'];
    for (const [id, fullName, phone, amount] of rows)
      lines.push(`${id},${fullName},${phone},${amount},USD,${period}`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  }
}

export async function ledger(sandbox: RunningSandbox): Promise<LedgerEntry[]> {
  const response = await fetch(`${sandbox.url}/__sandbox/ledger`);
  const body = (await response.json()) as { executions: LedgerEntry[] };
  return body.executions;
}

export interface AttemptRow {
  payment_id: number;
  payment_status: string;
  reference_id: string;
  state: string;
}

/** The attempts of a batch's payments, oldest first, with their payment's status. */
export function attemptsOf(dataSource: DataSource, batchId: number): Promise<AttemptRow[]> {
  return dataSource.query<AttemptRow[]>(
    `SELECT a.payment_id, p.status AS payment_status, a.reference_id, a.state
     FROM payment_attempts a JOIN payments p ON p.id = a.payment_id WHERE p.batch_id = ? ORDER BY a.id`,
    [batchId],
  );
}

/** Every completed payment moved money exactly once, every failed one never, nothing twice. */
export async function expectLedgerProof(
  dataSource: DataSource,
  sandbox: RunningSandbox,
  batchId: number,
): Promise<void> {
  const entries = new Map((await ledger(sandbox)).map((e) => [e.reference_id, e]));
  const attempts = await attemptsOf(dataSource, batchId);
  const completed = attempts.filter(
    (a) => a.payment_status === 'COMPLETED' && a.state === 'COMPLETED',
  );
  expect(completed.length).toBeGreaterThan(0);
  for (const attempt of attempts) {
    const entry = entries.get(attempt.reference_id);
    if (attempt.state === 'COMPLETED') expect(entry?.effects).toBe(1);
    else expect(entry?.effects ?? 0).toBe(0);
  }
  for (const entry of entries.values()) expect(entry.effects).toBeLessThanOrEqual(1);
  // One payment, at most one attempt that moved money.
  const paid = new Map<number, number>();
  for (const a of completed) paid.set(a.payment_id, (paid.get(a.payment_id) ?? 0) + 1);
  for (const count of paid.values()) expect(count).toBe(1);
}

export interface BatchJson {
  batchId: number;
  status: string;
  counts: Record<'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELED', number>;
  totals: {
    currency: string;
    requested: string;
    completed: string;
    failed: string;
    fees: string;
  }[];
}
