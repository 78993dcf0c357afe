import type { SandboxCredential, SandboxOptions } from './options';
import { applyFaults, FaultSyntaxError, NO_FAULTS } from './rules/faults';

export const USAGE = `Usage: npm run sandbox -- [options]

  --port N                 port to listen on (default 4010; 0 picks a free port)
  --host H                 address to bind (default 127.0.0.1)
  --state PATH             SQLite file for the state (default: in memory)
  --faults SPEC            e.g. latency=50,error5xx=0.05,rate429=0.02,drop=0.02,tokenTtl=30s
  --client-id X            merchant client id (repeat with --client-secret for more merchants)
  --client-secret Y        merchant client secret
  --passcode P             payout passcode (default 123456)
  --unverified             start merchants unverified (payouts, transfers, refunds get 403)
  --help                   show this help
`;

export type CliParse =
  | { readonly kind: 'run'; readonly options: SandboxOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const VALUE_FLAGS = ['port', 'host', 'state', 'faults', 'client-id', 'client-secret', 'passcode'];

/** Parses the sandbox's command line; `--flag value` and `--flag=value` are both accepted. */
export function parseCliArgs(argv: readonly string[]): CliParse {
  const values: Record<string, string[]> = {};
  let unverified = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--unverified') {
      unverified = true;
      continue;
    }
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match || !VALUE_FLAGS.includes(match[1])) {
      return { kind: 'error', message: `unknown argument "${arg}"` };
    }
    const value = match[2] ?? argv[++i];
    if (value === undefined) return { kind: 'error', message: `--${match[1]} needs a value` };
    (values[match[1]] ??= []).push(value);
  }

  const last = (flag: string): string | undefined => values[flag]?.at(-1);
  const portText = last('port') ?? '4010';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    return { kind: 'error', message: `--port must be 0-65535, got "${portText}"` };
  }
  const ids = values['client-id'] ?? [];
  const secrets = values['client-secret'] ?? [];
  if (ids.length !== secrets.length) {
    return { kind: 'error', message: 'give each --client-id its --client-secret' };
  }
  const credentials: SandboxCredential[] = ids.map((clientId, i) => ({
    clientId,
    clientSecret: secrets[i],
  }));
  const faults = last('faults');
  if (faults !== undefined) {
    try {
      applyFaults(NO_FAULTS, faults);
    } catch (error) {
      if (error instanceof FaultSyntaxError) return { kind: 'error', message: error.message };
      throw error;
    }
  }
  const passcode = last('passcode');
  return {
    kind: 'run',
    options: {
      port,
      host: last('host') ?? '127.0.0.1',
      statePath: last('state'),
      faults,
      ...(credentials.length > 0 ? { credentials } : {}),
      ...(passcode !== undefined ? { passcode } : {}),
      ...(unverified ? { merchantVerified: false } : {}),
    },
  };
}
