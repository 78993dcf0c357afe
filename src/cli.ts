#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { Logger } from 'nestjs-pino';
import { writeFailure } from './cli/command-output';
import { CliModule } from './cli/cli.module';
import { bootConfig } from './config/boot';

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
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  writeFailure(error, process.argv.includes('--json'));
});
