import { Writable } from 'node:stream';

const LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** One pino JSON line as a line for people: `WARN [Dollr] message`. */
export function formatLogLine(line: string): string {
  try {
    const entry = JSON.parse(line) as {
      level?: number;
      context?: string;
      msg?: string;
      err?: { message?: string };
    };
    const level = LEVELS[entry.level ?? 30] ?? 'INFO';
    const context = entry.context ? `[${entry.context}] ` : '';
    const error = entry.err?.message ? ` (${entry.err.message})` : '';
    return `${level} ${context}${entry.msg ?? ''}${error}`;
  } catch {
    return line;
  }
}

/** The CLI's log destination: readable lines on stderr, leaving stdout to the command's output. */
export function humanLogStream(target: NodeJS.WritableStream = process.stderr): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const lines = chunk
        .toString()
        .split('\n')
        .filter((l) => l !== '');
      target.write(lines.map((l) => `${formatLogLine(l)}\n`).join(''));
      done();
    },
  });
}
