import { Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Where the embedded sandbox's address is remembered for its data folder. */
function sandboxAddressPath(dataDir: string): string {
  return join(dataDir, 'dollr-sandbox-address.json');
}

export function rememberedSandboxPort(dataDir: string): number | null {
  try {
    const { port } = JSON.parse(readFileSync(sandboxAddressPath(dataDir), 'utf8')) as {
      port?: unknown;
    };
    return Number.isInteger(port) && (port as number) > 0 && (port as number) < 65_536
      ? (port as number)
      : null;
  } catch {
    return null;
  }
}

function rememberSandboxPort(dataDir: string, port: number): void {
  writeFileSync(sandboxAddressPath(dataDir), `${JSON.stringify({ port })}\n`);
}

/** Whether a Dollr sandbox answers at `address` (and not some other program on that port). */
async function isSandbox(address: string): Promise<boolean> {
  try {
    const response = await fetch(`${address}/__sandbox/health`, {
      signal: AbortSignal.timeout(1_000),
    });
    return response.ok;
  } catch {
    return false;
  }
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
  /** The address its links name when another process of the data folder holds the folder's own. */
  publicUrl: string | undefined;

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
    this.running = await this.listenAtTheFolderAddress(statePath);
    new Logger('Dollr').warn(
      `SANDBOX MODE: no Dollr credentials are set, so the built-in Dollr sandbox is used (${this.running.url}, state in ${statePath}). No real money moves.` +
        (this.publicUrl === undefined
          ? ''
          : ` Its payment links name ${this.publicUrl}, the sandbox of this data folder that is already running.`),
    );
    return this.running;
  }

  /**
   * Each data folder's sandbox has one address, remembered in DATA_DIR, so that the payment links
   * of its invoices keep working after the command that made them exits (whenever the service, or
   * any command, runs the sandbox again). When another process of this folder holds it already,
   * this one listens elsewhere and names that address in its links.
   */
  private async listenAtTheFolderAddress(statePath: string): Promise<RunningSandbox> {
    const remembered = rememberedSandboxPort(this.config.dataDir);
    if (remembered !== null) {
      try {
        return await startSandbox({ statePath, port: remembered });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      }
      const address = `http://127.0.0.1:${remembered}`;
      if (await isSandbox(address)) {
        this.publicUrl = address;
        return startSandbox({ statePath, publicUrl: address });
      }
    }
    const running = await startSandbox({ statePath });
    rememberSandboxPort(this.config.dataDir, running.port);
    return running;
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
