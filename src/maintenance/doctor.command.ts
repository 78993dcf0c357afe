import { Command } from 'nest-commander';
import { ApiKeysService, FIRST_KEY_COMMAND } from '../auth/api-keys.service';
import { AppConfig } from '../config/app-config';
import { describeConfig } from '../config/load-config';
import { redactText, redactUrlCredentials } from '../common/redact';
import { DatabaseService } from '../database/database.service';
import { DollrClient } from '../dollr/dollr.client';
import type { RateBudgetStatus } from '../dollr/shared-rate-budget';
import { EmbeddedSandbox } from '../dollr/embedded-sandbox';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand } from '../cli/json-command';
import { payoutChecks } from './payout-checks';

@Command({
  name: 'doctor',
  description: 'Check configuration, database and Dollr mode',
})
export class DoctorCommand extends JsonCommand {
  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseService,
    private readonly dollrClient: DollrClient,
    private readonly sandbox: EmbeddedSandbox,
    private readonly apiKeys: ApiKeysService,
  ) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const settings = describeConfig();
    const database = await this.database.status();
    const { mode, baseUrl } = this.config.dollr;
    const problems: string[] = [];
    const warnings: string[] = [];

    if (!database.reachable) {
      problems.push(
        `The ${database.type} database cannot be reached: ${database.error ?? 'unknown error'}`,
      );
    } else if (database.pendingMigrations.length > 0) {
      warnings.push(
        `${database.pendingMigrations.length} migration(s) pending: run "npm run migration:run" (the service also applies them when it starts).`,
      );
    }
    const payouts = payoutChecks(this.config.dollr);
    problems.push(...payouts.problems);
    warnings.push(...payouts.warnings);

    // Only when the schema is current: doctor never migrates.
    const activeKeys =
      database.reachable && database.pendingMigrations.length === 0
        ? await this.apiKeys.activeCount().catch(() => null)
        : null;
    if (activeKeys === 0) {
      warnings.push(
        `No API keys: the HTTP API refuses every call. Create the first admin key with: ${FIRST_KEY_COMMAND}`,
      );
    }

    const authentication = await this.checkDollrCredentials();
    if (authentication !== 'ok') {
      problems.push(`Dollr did not accept the credentials or cannot be reached: ${authentication}`);
    }

    const rateBudget = this.dollrClient.rateBudget();
    // With migrations pending its table may not exist yet: the warning above says what to do.
    const budgetTableReady = database.reachable && database.pendingMigrations.length === 0;
    if (rateBudget !== undefined && !rateBudget.storeReachable && budgetTableReady) {
      warnings.push(
        `The shared Dollr rate limit could not be reached (${this.config.dollr.redisUrl === undefined ? 'the database' : 'REDIS_URL'}): each process keeps to the share it had, and several processes may together exceed DOLLR_RATE_LIMIT_RPS.`,
      );
    }
    const ok = problems.length === 0;
    const dollr =
      mode === 'sandbox'
        ? {
            mode,
            sandboxUrl: this.sandbox.url,
            authenticated: authentication === 'ok',
            note: 'SANDBOX: built-in Dollr sandbox, no real money moves',
          }
        : { mode, baseUrl: redactUrlCredentials(baseUrl), authenticated: authentication === 'ok' };
    const width = Math.max(...settings.map((s) => s.name.length));
    const text = [
      'Configuration:',
      ...settings.map(
        (s) =>
          `  ${s.name.padEnd(width)}  ${s.source === 'unset' ? '(not set)' : s.value}${s.source === 'default' ? '  (default)' : ''}`,
      ),
      '',
      `Database: ${database.type}, ${database.reachable ? 'reachable' : 'NOT reachable'}` +
        (database.reachable
          ? `, ${database.appliedMigrations.length} migration(s) applied, ${database.pendingMigrations.length} pending`
          : ''),
      mode === 'sandbox'
        ? `Dollr: SANDBOX mode (no credentials set): built-in sandbox at ${this.sandbox.url ?? '?'}; no real money moves.`
        : `Dollr: LIVE mode at ${redactUrlCredentials(baseUrl)}.`,
      `Dollr credentials: ${authentication === 'ok' ? 'accepted' : 'NOT accepted'}`,
      ...(rateBudget === undefined ? [] : [this.describeRateBudget(rateBudget)]),
      `API keys: ${activeKeys === null ? 'unknown (database not ready)' : `${activeKeys} active`}`,
      ...problems.map((p) => `PROBLEM: ${p}`),
      ...warnings.map((w) => `Warning: ${w}`),
      ...payouts.notes.map((n) => `Note: ${n}`),
      ok ? 'All checks passed.' : 'Some checks failed.',
    ];
    return {
      text,
      json: {
        ok,
        config: Object.fromEntries(
          settings.map((s) => [s.name, { value: s.value, source: s.source }]),
        ),
        database,
        dollr: { ...dollr, rateLimit: rateBudget },
        apiKeys: { active: activeKeys },
        problems,
        warnings,
        notes: payouts.notes,
      },
      exitCode: ok ? 0 : 1,
    };
  }

  private describeRateBudget(budget: RateBudgetStatus): string {
    const where = this.config.dollr.redisUrl === undefined ? 'the database' : 'Redis (REDIS_URL)';
    return (
      `Dollr rate limit: ${budget.limitRps} requests/s for the merchant (${budget.spendableRps} spent), ` +
      `shared through ${where}: ${budget.senders} process(es) sending now, this one's share ${budget.shareRps}/s.`
    );
  }

  /** Obtains a Dollr token: proves the base URL answers and the credentials are accepted. */
  private async checkDollrCredentials(): Promise<string> {
    try {
      await this.dollrClient.authenticate();
      return 'ok';
    } catch (error) {
      return redactText(error instanceof Error ? error.message : String(error));
    }
  }
}
