import { redactText, redactValue, registerSecret } from '../common/redact';
import type { AppConfig } from './app-config';
import { ConfigError, loadConfig, loadDotEnvFile, registerEnvironmentSecrets } from './load-config';

/**
 * Reads `.env` and the environment, registers every secret for redaction, and returns the
 * configuration; on a bad configuration prints the list of problems (and, for `--json`, an error object on
 * stdout) and exits with code 78.
 */
export function bootConfig(options: { json?: boolean } = {}): AppConfig {
  try {
    loadDotEnvFile();
    // Before validation, so that not even a refused value can be printed.
    registerEnvironmentSecrets();
    const config = loadConfig();
    registerSecret(config.dollr.clientSecret);
    registerSecret(config.dollr.payoutPasscode);
    if (config.database.type === 'mysql') registerSecret(config.database.password);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      const message = redactText(error.message);
      process.stderr.write(`${message}\n`);
      if (options.json === true) {
        const details = redactValue(error.problems);
        process.stdout.write(
          `${JSON.stringify({ ok: false, error: { code: 'CONFIG_INVALID', message, details } })}\n`,
        );
      }
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

/** Exit code for a configuration error (EX_CONFIG in sysexits.h). */
export const EXIT_CONFIG = 78;
