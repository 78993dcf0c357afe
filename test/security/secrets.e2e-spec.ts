import { spawn } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { type RunningSandbox, startSandbox } from '../../src/sandbox';
import { childEnv, freePort, MAIN, runCli, scratchDir } from '../support/processes';

/**
 * Random secrets in every variable that can hold one: none of them ever appears in what the
 * connector prints, at LOG_LEVEL=trace, whether it starts, fails to start, runs `doctor` or fails
 * a command. URL passwords hold `@ # / ? space`, sent as they are or percent-encoded.
 */
describe('secrets never appear in any output', () => {
  let dollr: RunningSandbox;

  beforeAll(async () => {
    dollr = await startSandbox();
  });

  afterAll(async () => {
    await dollr?.close();
  });

  const word = fc.string({
    unit: fc.constantFrom(...'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
    minLength: 4,
    maxLength: 10,
  });
  /** A secret of 9+ characters with at least one of `@ # / ? space` inside. */
  const secret = fc
    .tuple(word, fc.subarray(['@', '#', '/', '?', ' ', ':', '%'], { minLength: 1 }), word)
    .map(([head, specials, tail]) => `${head}${specials.join('')}${tail}`);

  interface Case {
    readonly secrets: Record<string, string>;
    readonly env: Record<string, string>;
  }

  const cases = fc
    .record({
      database: secret,
      dollrUrl: secret,
      clientSecret: secret,
      passcode: secret,
      webhookUrl: secret,
      webhookSecret: secret,
      encoded: fc.boolean(),
    })
    .map(({ encoded, ...secrets }): Case => {
      const inUrl = (value: string): string => (encoded ? encodeURIComponent(value) : value);
      return {
        secrets,
        env: {
          DATABASE_URL: `mysql://app:${inUrl(secrets.database)}@127.0.0.1:1/connector`,
          DOLLR_BASE_URL: `http://merchant:${inUrl(secrets.dollrUrl)}@${new URL(dollr.url).host}`,
          DOLLR_CLIENT_ID: 'merchant-1',
          DOLLR_CLIENT_SECRET: secrets.clientSecret,
          DOLLR_PAYOUT_PASSCODE: secrets.passcode,
          DOLLR_PAYOUT_PHONE: '231770000001',
          WEBHOOK_URL: `https://hooks:${inUrl(secrets.webhookUrl)}@erp.example.com/dollr`,
          WEBHOOK_SECRET: secrets.webhookSecret,
          LOG_LEVEL: 'trace',
        },
      };
    });

  /** Everything a run printed must be free of every secret, raw or percent-encoded. */
  function expectNoSecret(output: string, { secrets }: Case): void {
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of [value, encodeURIComponent(value)]) {
        if (output.includes(form)) throw new Error(`${name} (${form}) printed:\n${output}`);
      }
    }
  }

  /** Starts the service, asks for /health and stops it; or collects why it could not start. */
  async function serviceOutput(env: Record<string, string>): Promise<string> {
    const port = await freePort();
    const child = spawn(process.execPath, [MAIN], {
      env: childEnv({ PORT: String(port), ...env }),
      cwd: scratchDir(),
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    const listening = new Promise<boolean>((resolve) => {
      const check = (): void => {
        if (out.includes('Listening on')) resolve(true);
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      void exited.then(() => resolve(false));
    });
    if (await listening) {
      await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      child.kill('SIGTERM');
    }
    await exited;
    return out;
  }

  it('at start-up, on a failed start, in doctor and in a failed command', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async (run) => {
        // The database is unreachable: start-up fails, doctor reports it, commands fail.
        const failing = await serviceOutput(run.env);
        expectNoSecret(failing, run);
        for (const args of [['doctor'], ['doctor', '--json'], ['batch', 'list', '--json']]) {
          const result = await runCli(args, run.env);
          expect(result.code).not.toBe(0);
          expectNoSecret(result.stdout + result.stderr, run);
        }

        // A reachable database: the service starts and answers, with the same secrets set.
        const dir = scratchDir();
        const started = await serviceOutput({
          ...run.env,
          DATABASE_URL: `sqlite:${join(dir, 'connector.sqlite')}`,
        });
        expectNoSecret(started, run);
      }),
      { numRuns: 4, endOnFailure: true },
    );
  });

  it('checks what it claims: an unmasked secret is caught', () => {
    const run: Case = { secrets: { s: 'a b@c' }, env: {} };
    expect(() => expectNoSecret('password a%20b%40c', run)).toThrow('printed');
  });
});
