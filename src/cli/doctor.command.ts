import { Command } from 'nest-commander';
import { AppConfig } from '../config/app-config';
import { describeConfig } from '../config/load-config';
import { DatabaseService } from '../database/database.service';
import type { CommandOutcome } from './command-output';
import { JsonCommand } from './json-command';

@Command({
  name: 'doctor',
  description: 'Check configuration, database and Dollr mode',
})
export class DoctorCommand extends JsonCommand {
  constructor(
    private readonly config: AppConfig,
    private readonly database: DatabaseService,
  ) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const settings = describeConfig();
    const database = await this.database.status();
    const { mode, baseUrl, payoutPasscode, payoutPhone } = this.config.dollr;
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
    if (mode === 'live' && (payoutPasscode === undefined || payoutPhone === undefined)) {
      warnings.push(
        'DOLLR_PAYOUT_PASSCODE and DOLLR_PAYOUT_PHONE are needed for payouts; payouts will be refused without them.',
      );
    }

    const ok = problems.length === 0;
    const dollr =
      mode === 'sandbox'
        ? { mode, note: 'SANDBOX: built-in Dollr sandbox, no real money moves' }
        : { mode, baseUrl };
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
        ? 'Dollr: SANDBOX mode (no credentials set): the built-in sandbox is used and no real money moves.'
        : `Dollr: LIVE mode at ${baseUrl}`,
      ...problems.map((p) => `PROBLEM: ${p}`),
      ...warnings.map((w) => `Warning: ${w}`),
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
        dollr,
        problems,
        warnings,
      },
      exitCode: ok ? 0 : 1,
    };
  }
}
