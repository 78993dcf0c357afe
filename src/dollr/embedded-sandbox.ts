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
 *
 * It starts on the first request to Dollr, so a command that never talks to Dollr neither starts
 * it nor prints its warning; the service starts it with the application (`start()`).
 */
export class EmbeddedSandbox implements OnApplicationShutdown {
  private starting: Promise<RunningSandbox> | undefined;
  private running: RunningSandbox | undefined;

  constructor(private readonly config: AppConfig) {}

  /** Starts the sandbox once, in sandbox mode; later calls return the same one. */
  start(): Promise<RunningSandbox> {
    this.starting ??= this.launch();
    return this.starting;
  }

  private async launch(): Promise<RunningSandbox> {
    if (this.config.dollr.mode !== 'sandbox')
      throw new Error('Dollr credentials are set: no sandbox');
    mkdirSync(this.config.dataDir, { recursive: true });
    const statePath = embeddedSandboxStatePath(this.config.dataDir);
    this.running = await startSandbox({ statePath });
    new Logger('Dollr').warn(
      `SANDBOX MODE: no Dollr credentials are set, so the built-in Dollr sandbox is used (${this.running.url}, state in ${statePath}). No real money moves.`,
    );
    return this.running;
  }

  /** The sandbox's address once started. */
  get url(): string | undefined {
    return this.running?.url;
  }

  /** Where the Dollr client connects: the sandbox (started on first use) in sandbox mode. */
  connection(): DollrConnection {
    if (this.config.dollr.mode !== 'sandbox') return {};
    return {
      baseUrl: async () => (await this.start()).url,
      clientId: DEFAULT_CREDENTIAL.clientId,
      clientSecret: DEFAULT_CREDENTIAL.clientSecret,
      payoutPasscode: DEFAULT_PASSCODE,
      payoutPhone: DEFAULT_MERCHANT_PHONE,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.starting?.catch(() => undefined);
    await this.running?.close();
  }
}

@Module({
  providers: [
    {
      provide: EmbeddedSandbox,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new EmbeddedSandbox(config),
    },
  ],
  exports: [EmbeddedSandbox],
})
export class EmbeddedSandboxModule {}
