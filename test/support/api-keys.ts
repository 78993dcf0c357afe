import type { Role } from '../../src/auth/roles';
import { lastJsonLine, runCli } from './processes';

export interface TestApiKey {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly key: string;
}

/** Creates an API key with `keys create --json` (the CLI a user runs) and returns it. */
export async function createApiKey(
  env: Record<string, string>,
  name: string,
  role: Role,
): Promise<TestApiKey> {
  const result = await runCli(['keys', 'create', '--name', name, '--role', role, '--json'], env);
  if (result.code !== 0) {
    throw new Error(`keys create failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
  }
  return lastJsonLine(result.stdout) as unknown as TestApiKey;
}

/** The header that sends a key. */
export function bearer(key: TestApiKey | string): Record<string, string> {
  return { Authorization: `Bearer ${typeof key === 'string' ? key : key.key}` };
}
