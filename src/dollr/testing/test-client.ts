import { DollrClient, type DollrClientOptions } from '../dollr.client';
import type { DollrLogger } from '../transport';
import type { FakeDollrServer } from './fake-dollr-server';

export const TEST_CLIENT_SECRET = 'test-client-secret-4f9a';
export const TEST_PASSCODE = '774411';

export interface RecordedLog {
  readonly level: 'debug' | 'warn';
  readonly message: string;
  readonly context: Record<string, unknown> | undefined;
}

export function recordingLogger(): { logger: DollrLogger; lines: RecordedLog[] } {
  const lines: RecordedLog[] = [];
  return {
    lines,
    logger: {
      debug: (message, context) => lines.push({ level: 'debug', message, context }),
      warn: (message, context) => lines.push({ level: 'warn', message, context }),
    },
  };
}

/** A client for `server` with fast, deterministic defaults (no backoff waits, generous limits). */
export function testClient(
  server: FakeDollrServer,
  options: Partial<DollrClientOptions> = {},
): DollrClient {
  return new DollrClient({
    baseUrl: server.baseUrl,
    clientId: 'test-client',
    clientSecret: TEST_CLIENT_SECRET,
    timeoutMs: 2000,
    rateLimitRps: 1000,
    maxConcurrency: 64,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100 },
    random: () => 0,
    payout: { passcode: TEST_PASSCODE, phone: '231771234567' },
    ...options,
  });
}

/** A valid UUID v4, as the caller would generate and store before executing. */
export const REFERENCE_ID = '3f2b8c1e-9a4d-4e7b-8c2f-1d6e5a9b0c47';
