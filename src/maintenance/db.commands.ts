import { Command } from 'nest-commander';
import { DatabaseService } from '../database/database.service';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand } from '../cli/json-command';

@Command({ name: 'db:migrate', description: 'Apply every pending database migration' })
export class DbMigrateCommand extends JsonCommand {
  constructor(private readonly database: DatabaseService) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const applied = await this.database.migrate();
    return {
      text:
        applied.length === 0
          ? 'The database schema is already current.'
          : applied.map((name) => `Applied ${name}`),
      json: { ok: true, applied },
    };
  }
}

@Command({ name: 'db:revert', description: 'Revert the most recently applied migration' })
export class DbRevertCommand extends JsonCommand {
  constructor(private readonly database: DatabaseService) {
    super();
  }

  protected async execute(): Promise<CommandOutcome> {
    const reverted = await this.database.revert();
    return {
      text:
        reverted === null ? 'No migration is applied; nothing to revert.' : `Reverted ${reverted}`,
      json: { ok: true, reverted },
    };
  }
}
