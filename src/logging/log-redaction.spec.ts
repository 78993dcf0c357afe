import { Writable } from 'node:stream';
import pino from 'pino';
import { formatLogLine } from './human-log-stream';
import { redactLogArgument, redactedErrorSerializer } from './log-redaction';

function capture(): { logger: pino.Logger; lines: () => string[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = pino(
    {
      serializers: { err: redactedErrorSerializer },
      hooks: {
        logMethod(args: unknown[], method: (...a: unknown[]) => void) {
          method.apply(this, args.map(redactLogArgument));
        },
      },
    },
    stream,
  );
  return { logger, lines: () => chunks.join('').trim().split('\n') };
}

describe('log redaction', () => {
  it('masks secrets in messages, in object fields and in error messages', () => {
    const { logger, lines } = capture();
    logger.info(
      { body: { client_secret: 'cs-1', amount: 10 }, note: 'Bearer tok.en' },
      'sent Bearer abc',
    );
    logger.error({ err: new Error('failed with Bearer xyz') }, 'boom');
    const [first, second] = lines().map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({
      body: { client_secret: '***', amount: 10 },
      note: 'Bearer ***',
      msg: 'sent Bearer ***',
    });
    expect(second).toMatchObject({ err: { message: 'failed with Bearer ***' } });
    expect(JSON.stringify(second)).not.toContain('xyz');
  });

  it('leaves request and response objects to their serializers', () => {
    const req = { headers: { authorization: 'x' } };
    expect((redactLogArgument({ req }) as { req: unknown }).req).toBe(req);
  });
});

describe('formatLogLine (CLI logs)', () => {
  it.each([
    ['{"level":40,"context":"Dollr","msg":"SANDBOX MODE"}', 'WARN [Dollr] SANDBOX MODE'],
    ['{"level":50,"msg":"failed","err":{"message":"boom"}}', 'ERROR failed (boom)'],
    ['not json', 'not json'],
  ])('%s -> %s', (line, expected) => {
    expect(formatLogLine(line)).toBe(expected);
  });
});
