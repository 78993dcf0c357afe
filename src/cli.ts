#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { Logger } from 'nestjs-pino';
import { writeFailure } from './cli/command-output';
import { CliModule } from './cli.module';
import { bootConfig } from './config/boot';
import { DatabaseService } from './database/database.service';
import { IntakeService } from './intake/intake.service';

async function main(): Promise<void> {
  // Commander names the program after the script file; users know it by its package name.
  process.argv[1] = 'dollr-connector';
  const json = process.argv.includes('--json');
  const config = bootConfig({ json });
  const app = await CommandFactory.createWithoutRunning(
    CliModule.forRoot(config, process.env.LOG_LEVEL ? undefined : 'warn'),
    {
      cliName: 'dollr-connector',
      bufferLogs: true,
      logger: false,
      serviceErrorHandler: (error: Error) => writeFailure(error, json),
    },
  );
  app.useLogger(app.get(Logger));
  try {
    const args = process.argv.slice(2);
    if (needsDatabase(args)) await app.get(DatabaseService).migrate();
    if (readsImportsOrBatches(args)) await app.get(IntakeService).healImportsWithoutBatch();
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

/** Commands that work on the connector's data open the database (migrated) first. */
function needsDatabase([command, subCommand]: string[]): boolean {
  if (command === undefined || command.startsWith('-')) return false;
  if (command === 'profiles' && subCommand === 'suggest') return false;
  return !['doctor', 'db:migrate', 'db:revert', 'help'].includes(command);
}

/** Commands before which an import left without its batch (its process died) gets it. */
function readsImportsOrBatches([command]: string[]): boolean {
  return command === 'import' || command === 'imports' || command === 'batch';
}

main().catch((error: unknown) => {
  writeFailure(error, process.argv.includes('--json'));
});
