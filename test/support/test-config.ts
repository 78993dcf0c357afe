import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';

/** A valid configuration for tests: the given database, sandbox mode, quiet logs. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
