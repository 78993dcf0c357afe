import type { DataSource } from 'typeorm';
import { toBigInt } from '../database/columns';
import { formatMinorUnits } from '../money/amount-input';
import { isCurrencyCode } from '../money/currency';
import { describeIssues } from '../imports/issue-text';
import type { RowIssue } from '../imports/import.types';
import { type DetailRow, type ExceptionKind, paymentExceptions } from './detail-row';
import { detailPages } from './payment-details';
import { periodBounds, type ReportScope } from './report-scope';

/** One line of the Exceptions sheet. */
export interface ExceptionRow {
  readonly exception: ExceptionKind;
  readonly sourceFile: string;
  readonly sourceRow: number;
  readonly batchId: number | null;
  readonly externalRef: string;
  readonly name: string;
  readonly phone: string;
  readonly amount: string | null;
  readonly currency: string | null;
  readonly status: string;
  readonly referenceId: string | null;
  readonly detail: string;
}

export const EXCEPTION_HEADER = [
  'Exception',
  'Source file',
  'Source row',
  'Batch',
  'External ref',
  'Name',
  'Phone',
  'Amount',
  'Currency',
  'Status',
  'reference_id',
  'Detail',
] as const;

export const EXCEPTION_WIDTHS = [17, 24, 10, 8, 14, 24, 14, 14, 9, 12, 38, 60];

function explain(kind: ExceptionKind, row: DetailRow): string {
  switch (kind) {
    case 'FAILED':
      return (
        row.reason ??
        row.gatewayMessage ??
        `Dollr reported the ${row.kind === 'invoice' ? 'collection' : 'payout'} FAILED`
      );
    case 'REJECTED':
      return row.reason ?? 'refused by pre-flight';
    case 'STUCK':
      return `PROCESSING since before ${row.stuckAt?.toISOString() ?? ''}: ask Dollr, never pay it again`;
    case 'AMOUNT_MISMATCH':
      return `asked ${row.amount} ${row.currency}, Dollr settled ${row.settledAmount ?? ''} (${row.variance ?? ''})`;
    case 'DUPLICATE':
      return '';
  }
}

/** The exceptions among Detail rows: one line per reason a row is one. */
export function exceptionRowsOf(row: DetailRow): ExceptionRow[] {
  return paymentExceptions(row).map((exception) => ({
    exception,
    sourceFile: row.sourceFile,
    sourceRow: row.sourceRow,
    batchId: row.batchId,
    externalRef: row.externalRef,
    name: row.name,
    phone: row.phone,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    referenceId: row.referenceId,
    detail: explain(exception, row),
  }));
}

interface DuplicateRecord {
  id: number | string;
  file_name: string;
  source_row: number | string;
  batch_id: number | string | null;
  fields: string | null;
  currency: string | null;
  amount_minor: number | string | null;
  errors: string;
  warnings: string;
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

/**
 * Import rows refused as duplicates: of the batch's import, or of the imports made in the period.
 */
export async function* duplicateRows(
  dataSource: DataSource,
  scope: ReportScope,
  pageSize: number,
): AsyncGenerator<ExceptionRow[]> {
  const q = (name: string): string => dataSource.driver.escape(name);
  const parameters: unknown[] = [];
  let filter: string;
  if (scope.kind === 'batch') {
    filter = 'b.id = ?';
    parameters.push(scope.batchId);
  } else {
    const { start, end } = periodBounds(scope);
    filter = 'i.created_at >= ? AND i.created_at < ?';
    parameters.push(start, end);
  }
  const sql = `SELECT r.id, i.file_name, r.${q('row_number')} AS source_row, b.id AS batch_id,
      r.fields, r.currency, r.amount_minor, r.errors, r.warnings
    FROM import_rows r
    JOIN imports i ON i.id = r.import_id
    LEFT JOIN batches b ON b.import_id = i.id
    WHERE r.id > ? AND r.status = 'duplicate' AND ${filter}
    ORDER BY r.id
    LIMIT ${Math.trunc(pageSize)}`;
  let afterId = 0;
  for (;;) {
    const records = await dataSource.query<DuplicateRecord[]>(sql, [afterId, ...parameters]);
    if (records.length === 0) return;
    yield records.map((r) => {
      const fields = parseJson<Record<string, string | null>>(r.fields, {});
      const currency = r.currency;
      const issues = [
        ...parseJson<RowIssue[]>(r.errors, []),
        ...parseJson<RowIssue[]>(r.warnings, []),
      ];
      return {
        exception: 'DUPLICATE' as const,
        sourceFile: r.file_name,
        sourceRow: Number(r.source_row),
        batchId: r.batch_id === null ? null : Number(r.batch_id),
        externalRef: fields.external_ref ?? '',
        name: fields.full_name ?? '',
        phone: fields.phone ?? '',
        amount:
          r.amount_minor === null || currency === null || !isCurrencyCode(currency)
            ? null
            : formatMinorUnits(toBigInt(r.amount_minor), currency),
        currency,
        status: 'DUPLICATE',
        referenceId: null,
        detail: describeIssues(issues),
      };
    });
    if (records.length < pageSize) return;
    afterId = Number(records[records.length - 1]?.id);
  }
}

/** Every exception of the scope: payments first (in id order), then refused duplicates. */
export async function* exceptionPages(
  dataSource: DataSource,
  scope: ReportScope,
  pageSize: number,
): AsyncGenerator<ExceptionRow[]> {
  for await (const page of detailPages(dataSource, { scope, exceptionsOnly: true, pageSize })) {
    const rows = page.flatMap(exceptionRowsOf);
    if (rows.length > 0) yield rows;
  }
  yield* duplicateRows(dataSource, scope, pageSize);
}
