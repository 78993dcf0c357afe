import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningSandbox } from '../../src/sandbox';
import { lastJsonLine, type ProcessResult, runCli, scratchDir } from '../support/processes';

export interface LedgerEntry {
  reference_id: string;
  operation: string;
  amount: string;
  currency: string;
  phone: string;
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
