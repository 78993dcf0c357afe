import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootConfig } from './config/boot';
import { createHttpApp } from './http/create-app';
import { redactText, redactUrlCredentials } from './common/redact';

async function main(): Promise<void> {
  const config = bootConfig();
  const app = await createHttpApp(config);
  const logger = new Logger('Main');
  if (config.dollr.mode === 'live') logger.log(`Dollr LIVE mode at ${config.dollr.baseUrl}`);
  await app.listen(config.port, config.host);
  logger.log(
    `Listening on http://${config.host}:${config.port} (database ${redactUrlCredentials(config.databaseUrl)}; docs at /docs)`,
  );
}

main().catch((error: unknown) => {
  const message = redactText(error instanceof Error ? error.message : String(error));
  process.stderr.write(`dollr-connector could not start: ${message}\n`);
  process.exit(1);
});
