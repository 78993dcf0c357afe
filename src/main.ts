import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootConfig } from './config/boot';
import { createHttpApp } from './create-http-app';
import { redactText, redactUrlCredentials } from './common/redact';
import { ApiKeysService, FIRST_KEY_COMMAND } from './auth/api-keys.service';

async function main(): Promise<void> {
  const config = bootConfig();
  const app = await createHttpApp(config);
  const logger = new Logger('Main');
  if (config.dollr.mode === 'live')
    logger.log(`Dollr LIVE mode at ${redactUrlCredentials(config.dollr.baseUrl)}`);
  if ((await app.get(ApiKeysService).activeCount()) === 0) {
    logger.warn(
      `NO API KEYS: every API call and the console need one, and there is no default password. Create the first admin key with: ${FIRST_KEY_COMMAND}`,
    );
  }
  exitAfterGrace(config.shutdownGraceMs, logger);
  await app.listen(config.port, config.host);
  logger.log(
    `Listening on http://${config.host}:${config.port} (database ${redactUrlCredentials(config.databaseUrl)}; docs at /docs)`,
  );
}

/** Whatever still runs SHUTDOWN_GRACE_SECONDS after SIGTERM, the process exits then. */
function exitAfterGrace(graceMs: number, logger: Logger): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        logger.warn(`Still shutting down ${graceMs / 1000} s after ${signal}: exiting now`);
        process.exit(1);
      }, graceMs).unref();
    });
  }
}

main().catch((error: unknown) => {
  const message = redactText(error instanceof Error ? error.message : String(error));
  process.stderr.write(`dollr-connector could not start: ${message}\n`);
  process.exit(1);
});
