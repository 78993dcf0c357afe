import { Command, Option } from 'nest-commander';
import { extname, join, dirname, basename } from 'node:path';
import type { CommandOutcome } from '../cli/command-output';
import { JsonCommand, type JsonOption } from '../cli/json-command';
import { ReportError } from './report.errors';
import { parseFormat, parseScope, type ReportFormat } from './report-scope';
import { ReportService } from './report.service';

interface ReportOptions extends JsonOption {
  batch?: string;
  from?: string;
  to?: string;
  format?: string;
  out?: string;
  journal?: boolean;
}

/** `payroll.xlsx` -> `payroll-journal.csv`, in the same folder. */
export function journalPathFor(out: string): string {
  const extension = extname(out);
  return join(dirname(out), `${basename(out, extension)}-journal.csv`);
}

function formatOf(format: string | undefined, out: string): ReportFormat {
  if (format !== undefined) return parseFormat(format);
  const extension = extname(out).slice(1).toLowerCase();
  if (extension === 'xlsx' || extension === 'csv') return extension;
  throw new ReportError(
    'REPORT_OPTIONS_INVALID',
    `Say which format to write: --format xlsx or --format csv ("${out}" ends in neither .xlsx nor .csv).`,
  );
}

@Command({
  name: 'report',
  description:
    'Write the reconciliation report of a batch or a period (XLSX: Summary, Detail, Exceptions; CSV: Detail), and with --journal the accounting journal',
})
export class ReportCommand extends JsonCommand<ReportOptions> {
  constructor(private readonly reports: ReportService) {
    super();
  }

  protected async execute(_params: string[], options: ReportOptions): Promise<CommandOutcome> {
    const scope = parseScope(options);
    if (options.out === undefined || options.out.trim() === '') {
      throw new ReportError(
        'REPORT_OPTIONS_INVALID',
        'Say where to write the report: --out report.xlsx (or .csv).',
      );
    }
    const out = options.out;
    const format = formatOf(options.format, out);
    const counts = await this.reports.writeReport(scope, format, out);
    const journal = options.journal === true ? journalPathFor(out) : null;
    const journalLines = journal === null ? null : await this.reports.writeJournal(scope, journal);
    return {
      text: [
        `Wrote ${counts.detailRows} payment(s)${format === 'xlsx' ? ` and ${counts.exceptionRows} exception(s)` : ''} to ${out}.`,
        ...counts.summary
          .filter((line) => line.status === 'TOTAL')
          .map(
            (line) =>
              `  ${line.currency} ${line.type}: ${line.count} requested ${line.requested}, settled ${line.settled}, fees ${line.fees}`,
          ),
        ...(journal === null ? [] : [`Wrote ${journalLines} journal line(s) to ${journal}.`]),
      ],
      json: {
        ok: true,
        scope,
        format,
        out,
        detailRows: counts.detailRows,
        exceptionRows: counts.exceptionRows,
        summary: counts.summary,
        journal,
        journalLines,
      },
    };
  }

  @Option({ flags: '--batch <id>', description: 'the batch to report on' })
  parseBatch(value: string): string {
    return value;
  }

  @Option({
    flags: '--from <date>',
    description: 'first day (YYYY-MM-DD, UTC) of the period: payments whose status changed then',
  })
  parseFrom(value: string): string {
    return value;
  }

  @Option({ flags: '--to <date>', description: 'last day (YYYY-MM-DD, UTC) of the period' })
  parseTo(value: string): string {
    return value;
  }

  @Option({ flags: '--format <format>', description: 'xlsx or csv (default: from --out)' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--out <file>', description: 'where to write the report' })
  parseOut(value: string): string {
    return value;
  }

  @Option({
    flags: '--journal',
    description: 'also write the accounting journal (CSV) beside it, as NAME-journal.csv',
  })
  parseJournal(): boolean {
    return true;
  }
}
