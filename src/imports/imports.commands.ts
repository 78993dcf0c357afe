import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { writeFailure } from '../cli/command-output';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { nextPageLines, PagedCommand, type PageOptions, pageOfOptions } from '../cli/paged-command';
import type { NextPage } from '../common/paging';
import { ErrorReportService } from './error-report';
import { ImportError } from './import.errors';
import { ImportQueries, type RowView } from './import.queries';
import { ROW_STATUSES, type RowStatus } from './import.types';
import { describeIssue } from './issue-text';

function importIdOf(text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      `Give the import number, e.g. 12 (got "${text ?? ''}").`,
    );
  }
  return Number(text);
}

export function statusOf(text: string | undefined): RowStatus | undefined {
  if (text === undefined) return undefined;
  if (!(ROW_STATUSES as readonly string[]).includes(text)) {
    throw new ImportError(
      'IMPORT_OPTIONS_INVALID',
      `The status must be one of ${ROW_STATUSES.join(', ')} (got "${text}").`,
    );
  }
  return text as RowStatus;
}

/** Writes to stdout, waiting while its buffer is full. */
function writeOut(text: string): Promise<void> {
  if (text === '' || process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

function rowLine(row: RowView): string[] {
  const f = row;
  const who = [f.external_ref, f.full_name, f.phone].filter(Boolean).join(' ');
  const what = f.amount ? `${f.currency ?? ''} ${f.amount}` : '';
  return [
    `Row ${row.row}  ${row.status.padEnd(9)} ${[f.invoice_number, who, what].filter(Boolean).join('  ')}`,
    ...row.errors.map((issue) => `    ${describeIssue(row.row, issue)}`),
    ...row.warnings.map((issue) => `    warning: ${describeIssue(row.row, issue)}`),
  ];
}

interface RowsOptions extends PageOptions {
  status?: string;
  all?: boolean;
}

/**
 * Prints a page of rows (`--limit`, `--after`), or with `--all` every row, streamed page by page
 * so a 200,000-row import is printed in bounded memory.
 */
@SubCommand({ name: 'rows', arguments: '<id>', description: 'Print the rows of an import' })
export class ImportsRowsCommand extends PagedCommand<RowsOptions> {
  constructor(private readonly queries: ImportQueries) {
    super();
  }

  protected execute(): Promise<CommandOutcome> {
    return Promise.reject(new Error('not used: run() streams the rows'));
  }

  override async run([id]: string[], options: RowsOptions = {}): Promise<void> {
    const json = options.json === true;
    let started = false;
    try {
      const importId = importIdOf(id);
      const status = statusOf(options.status);
      const request = pageOfOptions(options);
      if (options.all === true && (options.limit !== undefined || options.after !== undefined)) {
        throw new ImportError(
          'IMPORT_OPTIONS_INVALID',
          '--all prints every row: give it without --limit or --after.',
        );
      }
      await this.queries.summary(importId);
      let next: NextPage | null = null;
      const queries = this.queries;
      const pages =
        options.all === true
          ? queries.rowPages(importId, status)
          : (async function* onePage() {
              const page = await queries.rows(importId, status, request);
              next = page.next;
              yield page.items;
            })();
      let written = 0;
      for await (const page of pages) {
        const parts = page.map((row, i) =>
          json
            ? `${written + i > 0 ? ',' : '['}${JSON.stringify(row)}`
            : `${rowLine(row).join('\n')}\n`,
        );
        written += page.length;
        started ||= json && page.length > 0;
        await writeOut(parts.join(''));
      }
      await writeOut(json ? (written === 0 ? '[]\n' : ']\n') : written === 0 ? 'No rows.\n' : '');
      const command = `imports rows ${importId}${status === undefined ? '' : ` --status ${status}`}`;
      const more = nextPageLines(command, request, next).map((line) => `${line} (or --all)\n`);
      // With --json, stdout stays one JSON array: the hint goes to stderr.
      if (json) process.stderr.write(more.join(''));
      else await writeOut(more.join(''));
      process.exitCode = 0;
    } catch (error) {
      if (started) process.stdout.write('\n');
      writeFailure(error, json);
    }
  }

  @Option({
    flags: '--status <status>',
    description: 'only rows with this status: valid, invalid, duplicate, skipped',
  })
  parseStatus(value: string): string {
    return value;
  }

  @Option({ flags: '--all', description: 'every row, not one page (streamed)' })
  parseAll(): boolean {
    return true;
  }
}

interface ErrorsOptions extends JsonOption {
  out?: string;
}

@SubCommand({
  name: 'errors',
  arguments: '<id>',
  description: 'Write the error report of an import (.csv or .xlsx): its columns plus the problems',
})
export class ImportsErrorsCommand extends JsonCommand<ErrorsOptions> {
  constructor(
    private readonly queries: ImportQueries,
    private readonly reports: ErrorReportService,
  ) {
    super();
  }

  protected async execute([id]: string[], options: ErrorsOptions): Promise<CommandOutcome> {
    const importId = importIdOf(id);
    if (options.out === undefined) {
      throw new ImportError(
        'IMPORT_OPTIONS_INVALID',
        'Say where to write the report: --out errors.xlsx (or .csv).',
      );
    }
    const summary = await this.queries.summary(importId);
    await this.reports.writeFile(importId, options.out);
    const rows = summary.invalid + summary.duplicates;
    return {
      text: `Wrote ${rows} row(s) with problems of import ${importId} to ${options.out}.`,
      json: { ok: true, importId, out: options.out, rows },
    };
  }

  @Option({
    flags: '--out <file>',
    description: 'where to write the report: FILE.csv or FILE.xlsx',
  })
  parseOut(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'list', description: 'List the latest imports' })
export class ImportsListCommand extends PagedCommand {
  constructor(private readonly queries: ImportQueries) {
    super();
  }

  protected async execute(_params: string[], options: PageOptions): Promise<CommandOutcome> {
    const request = pageOfOptions(options);
    const { items: imports, next } = await this.queries.list(request);
    return {
      text:
        imports.length === 0
          ? request.after === undefined
            ? 'No imports yet.'
            : 'No more imports.'
          : [
              ...imports.map(
                (i) =>
                  `${String(i.importId).padStart(5)}  ${i.createdAt}  ${i.type.padEnd(11)} ${i.fileName}  ${i.rows} rows (${i.valid} valid, ${i.invalid} invalid, ${i.duplicates} duplicate)`,
              ),
              ...nextPageLines('imports list', request, next),
            ],
      json: { ok: true, imports, next },
    };
  }
}

/**
 * The parent of the import subcommands. It declares no options of its own: commander would
 * otherwise take `--json` for the parent and not for `imports rows`.
 */
@Command({
  name: 'imports',
  description: 'Show imports: "imports list", "imports rows ID", "imports errors ID --out FILE"',
  subCommands: [ImportsListCommand, ImportsRowsCommand, ImportsErrorsCommand],
})
export class ImportsCommand extends CommandRunner {
  async run(): Promise<void> {
    process.stdout.write(
      'Usage: imports list [--json] | imports rows ID [--status S] [--json] | imports errors ID --out FILE.csv|FILE.xlsx\n',
    );
    return Promise.resolve();
  }
}
