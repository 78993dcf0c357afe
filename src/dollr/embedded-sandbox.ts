import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import {
  DEFAULT_CREDENTIAL,
  DEFAULT_MERCHANT_PHONE,
  DEFAULT_PASSCODE,
  type RunningSandbox,
  startSandbox,
} from '../sandbox';
import type { DollrConnection } from './dollr.module';

/** File holding the embedded sandbox's world, shared by the service and every CLI command. */
export function embeddedSandboxStatePath(dataDir: string): string {
  return join(dataDir, 'dollr-sandbox.sqlite');
}

/**
 * In sandbox mode (no Dollr credentials) the connector runs the Dollr sandbox in its own process on
 * a free port. Its state lives in DATA_DIR, so the service and each CLI command see one world: a
 * payment executed by one is found by the next one's status poll, and a restart loses nothing.
 */
export class EmbeddedSandbox implements OnApplicationShutdown {
  private constructor(private readonly running: RunningSandbox | undefined) {}

  static async start(config: AppConfig): Promise<EmbeddedSandbox> {
    if (config.dollr.mode !== 'sandbox') return new EmbeddedSandbox(undefined);
    mkdirSync(config.dataDir, { recursive: true });
    const statePath = embeddedSandboxStatePath(config.dataDir);
    const running = await startSandbox({ statePath });
    new Logger('Dollr').warn(
      `SANDBOX MODE: no Dollr credentials are set, so the built-in Dollr sandbox is used (${running.url}, state in ${statePath}). No real money moves.`,
    );
    return new EmbeddedSandbox(running);
  }

  get url(): string | undefined {
    return this.running?.url;
  }

  /** Where the Dollr client connects: the sandbox in sandbox mode, else the configuration. */
  connection(): DollrConnection {
    if (this.running === undefined) return {};
    return {
      baseUrl: this.running.url,
      clientId: DEFAULT_CREDENTIAL.clientId,
      clientSecret: DEFAULT_CREDENTIAL.clientSecret,
      payoutPasscode: DEFAULT_PASSCODE,
      payoutPhone: DEFAULT_MERCHANT_PHONE,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.running?.close();
  }
}

@Module({
  providers: [
    {
      provide: EmbeddedSandbox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => EmbeddedSandbox.start(config),
    },
  ],
  exports: [EmbeddedSandbox],
})
export class EmbeddedSandboxModule {}
