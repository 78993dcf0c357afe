import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sandboxNow } from './clock';
import { FaultState } from './fault-state';
import { type ResolvedOptions, resolveOptions, type SandboxOptions } from './options';
import { ensureMerchants } from './resources/merchants';
import { createRequestListener } from './server';
import { describeFaults, type FaultSettings } from './rules/faults';
import { Store } from './store/store';

export type { SandboxCredential, SandboxOptions, SandboxTiming } from './options';
export {
  DEFAULT_BALANCES,
  DEFAULT_CREDENTIAL,
  DEFAULT_MERCHANT_PHONE,
  DEFAULT_PASSCODE,
  DEFAULT_TIMING,
} from './options';
export type { FaultSettings } from './rules/faults';

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:4010`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** The first configured credential pair (the default merchant). */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly passcode: string;
  /** The SQLite file holding the state, or ':memory:'. */
  readonly statePath: string;
  /** This instance's fault settings (faults are per instance, not shared through the state). */
  faults(): Record<string, unknown>;
  /** Changes this instance's faults, as `PUT /__sandbox/faults` does. */
  setFaults(changes: string | Readonly<Record<string, unknown>>): FaultSettings;
  /** The sandbox clock in epoch milliseconds. */
  now(): number;
  close(): Promise<void>;
}

/** Starts a Dollr sandbox on `host:port` (a free port by default) and resolves once it listens. */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const resolved: ResolvedOptions = resolveOptions(options);
  const store = new Store(resolved.statePath);
  try {
    ensureMerchants(store, resolved, sandboxNow(store, resolved.now));
    const faults = new FaultState(resolved.faults);
    let baseUrl = '';
    const server = createServer(
      createRequestListener({
        store,
        options: resolved,
        faults,
        signingKey: store.signingKey(),
        baseUrl: () => resolved.publicUrl ?? baseUrl,
      }),
    );
    const port = await listen(server, resolved.port, resolved.host);
    const urlHost = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
    baseUrl = `http://${urlHost}:${port}`;
    const [first] = resolved.credentials;
    let closing: Promise<void> | undefined;
    return {
      url: baseUrl,
      port,
      host: resolved.host,
      clientId: first.clientId,
      clientSecret: first.clientSecret,
      passcode: resolved.passcode,
      statePath: resolved.statePath,
      faults: () => describeFaults(faults.settings),
      setFaults: (changes) => faults.update(changes),
      now: () => sandboxNow(store, resolved.now),
      close: () => {
        closing ??= closeServer(server).finally(() => store.close());
        return closing;
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
