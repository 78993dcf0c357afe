import { ReportError } from './report.errors';

/** What a report covers: one batch, or the payments whose status last changed in a date range. */
export type ReportScope =
  | { readonly kind: 'batch'; readonly batchId: number }
  | {
      readonly kind: 'period';
      /** First day, YYYY-MM-DD (UTC). */
      readonly from: string;
      /** Last day, included, YYYY-MM-DD (UTC). */
      readonly to: string;
    };

export type ReportFormat = 'xlsx' | 'csv';

export const REPORT_FORMATS: readonly ReportFormat[] = ['xlsx', 'csv'];

export interface ScopeArguments {
  readonly batch?: string;
  readonly from?: string;
  readonly to?: string;
}

function invalid(message: string, details: unknown = null): ReportError {
  return new ReportError('REPORT_OPTIONS_INVALID', message, details);
}

/** A real calendar day written YYYY-MM-DD, or an error naming the option and the value. */
export function parseDay(option: string, value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match === null ? null : new Date(`${value}T00:00:00Z`);
  if (date === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw invalid(
      `${option} must be a date written YYYY-MM-DD, e.g. 2026-01-31 (got "${value}").`,
      {
        option,
        value,
      },
    );
  }
  return value;
}

/** The scope from `--batch ID` or `--from DATE --to DATE` (exactly one of the two). */
export function parseScope(args: ScopeArguments): ReportScope {
  const batch = args.batch?.trim();
  const from = args.from?.trim();
  const to = args.to?.trim();
  const hasBatch = batch !== undefined && batch !== '';
  const hasPeriod = (from !== undefined && from !== '') || (to !== undefined && to !== '');
  if (hasBatch && hasPeriod) {
    throw invalid(
      'Give either a batch (--batch ID) or a period (--from DATE --to DATE), not both.',
    );
  }
  if (hasBatch) {
    if (!/^\d+$/.test(batch) || Number(batch) < 1 || !Number.isSafeInteger(Number(batch))) {
      throw invalid(`The batch must be a batch number, e.g. 12 (got "${batch}").`, {
        option: 'batch',
        value: batch,
      });
    }
    return { kind: 'batch', batchId: Number(batch) };
  }
  if (!hasPeriod) {
    throw invalid('Say what to report on: --batch ID, or --from DATE --to DATE (YYYY-MM-DD).');
  }
  if (from === undefined || from === '')
    throw invalid('--from is missing: give the first day, YYYY-MM-DD.');
  if (to === undefined || to === '')
    throw invalid('--to is missing: give the last day, YYYY-MM-DD.');
  parseDay('--from', from);
  parseDay('--to', to);
  if (to < from) {
    throw invalid(`--to (${to}) is before --from (${from}).`, { from, to });
  }
  return { kind: 'period', from, to };
}

export function parseFormat(value: string | undefined): ReportFormat {
  const format = (value ?? '').trim().toLowerCase();
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw invalid(`The format must be xlsx or csv (got "${value ?? ''}").`, {
      option: 'format',
      value: value ?? null,
    });
  }
  return format as ReportFormat;
}

/** `[from 00:00, day after to 00:00)` as UTC datetime text both databases compare correctly. */
export function periodBounds(scope: { from: string; to: string }): { start: string; end: string } {
  const end = new Date(`${scope.to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  return { start: `${scope.from} 00:00:00`, end: `${end.toISOString().slice(0, 10)} 00:00:00` };
}

/** `batch-12` or `2026-01-01_2026-01-31`: a file-name part naming the scope. */
export function scopeLabel(scope: ReportScope): string {
  return scope.kind === 'batch' ? `batch-${scope.batchId}` : `${scope.from}_${scope.to}`;
}
