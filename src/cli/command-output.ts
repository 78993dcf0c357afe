import { redactText, redactValue } from '../common/redact';

/** What a command produces: lines for people, one object for scripts, and its exit code. */
export interface CommandOutcome {
  readonly text: string | readonly string[];
  readonly json: Record<string, unknown>;
  readonly exitCode?: number;
}

/** Writes a command's outcome: text lines, or with --json one JSON object as the last stdout line. */
export function writeOutcome(outcome: CommandOutcome, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(outcome.json)}\n`);
  } else {
    const lines = typeof outcome.text === 'string' ? [outcome.text] : outcome.text;
    process.stdout.write(lines.map((line) => `${line}\n`).join(''));
  }
  process.exitCode = outcome.exitCode ?? 0;
}

/** Reports a failed command: the message on stderr, and with --json an error object on stdout. */
export function writeFailure(error: unknown, json: boolean, exitCode = 1): void {
  const message = redactText(error instanceof Error ? error.message : String(error));
  const { code, details } = error as { code?: unknown; details?: unknown };
  process.stderr.write(`Error: ${message}\n`);
  if (json) {
    const body = {
      code: typeof code === 'string' ? code : 'FAILED',
      message,
      details: details === undefined ? null : redactValue(details),
    };
    process.stdout.write(`${JSON.stringify({ ok: false, error: body })}\n`);
  }
  process.exitCode = exitCode;
}
