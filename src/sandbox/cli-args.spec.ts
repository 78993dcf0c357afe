import { parseCliArgs } from './cli-args';

describe('sandbox command line', () => {
  it('reads every option', () => {
    expect(
      parseCliArgs([
        '--port',
        '4010',
        '--host=0.0.0.0',
        '--state',
        'data/sandbox.sqlite',
        '--faults',
        'latency=50,drop=0.02',
        '--client-id',
        'a',
        '--client-secret',
        'b',
        '--passcode',
        '999999',
        '--unverified',
      ]),
    ).toEqual({
      kind: 'run',
      options: {
        port: 4010,
        host: '0.0.0.0',
        statePath: 'data/sandbox.sqlite',
        faults: 'latency=50,drop=0.02',
        credentials: [{ clientId: 'a', clientSecret: 'b' }],
        passcode: '999999',
        merchantVerified: false,
      },
    });
  });

  it('defaults to port 4010 in memory with the default merchant', () => {
    expect(parseCliArgs([])).toEqual({
      kind: 'run',
      options: { port: 4010, host: '127.0.0.1', statePath: undefined, faults: undefined },
    });
  });

  it.each([
    [['--port', 'x'], '--port must be 0-65535'],
    [['--client-id', 'a'], 'give each --client-id its --client-secret'],
    [['--faults', 'drop=5'], 'drop must be a probability'],
    [['--verbose'], 'unknown argument "--verbose"'],
    [['--state'], '--state needs a value'],
  ])('refuses %j', (argv, message) => {
    const result = parseCliArgs(argv);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toContain(message);
  });

  it('shows help', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });
});
