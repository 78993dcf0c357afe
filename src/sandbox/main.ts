import { parseCliArgs, USAGE } from './cli-args';
import { startSandbox } from './index';
import { DEFAULT_CREDENTIAL, DEFAULT_PASSCODE } from './options';

/** `npm run sandbox -- --port 4010 …`: runs the sandbox until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  const parsed = parseCliArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${parsed.message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const sandbox = await startSandbox(parsed.options);
  const credentials = parsed.options.credentials ?? [DEFAULT_CREDENTIAL];
  // Only the default credentials are printed in full; configured secrets are never shown.
  const shown = credentials
    .map((c) =>
      c.clientId === DEFAULT_CREDENTIAL.clientId &&
      c.clientSecret === DEFAULT_CREDENTIAL.clientSecret
        ? `${c.clientId} / ${c.clientSecret}`
        : `${c.clientId} / (secret as configured)`,
    )
    .join(', ');
  const passcode = parsed.options.passcode === undefined ? DEFAULT_PASSCODE : '(as configured)';
  process.stdout.write(
    [
      `Dollr SANDBOX listening on ${sandbox.url}  (simulated: no real money moves)`,
      `  credentials (client id / secret): ${shown}`,
      `  payout passcode: ${passcode}`,
      `  state: ${sandbox.statePath === ':memory:' ? 'in memory (lost on exit)' : sandbox.statePath}`,
      `  faults: ${JSON.stringify(sandbox.faults())}`,
      `  control: ${sandbox.url}/__sandbox/ledger, /__sandbox/faults, /__sandbox/reset`,
      '',
    ].join('\n'),
  );
  const stop = (signal: string) => {
    process.stdout.write(`\n${signal}: stopping the sandbox\n`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`error while stopping: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `dollr sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
