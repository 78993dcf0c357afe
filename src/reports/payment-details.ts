import type { DataSource } from 'typeorm';
import { toBigInt } from '../database/columns';
import { formatMinorUnits } from '../money/amount-input';
import { type CurrencyCode, isCurrencyCode } from '../money/currency';
import type { DetailRow } from './detail-row';
import { pageQuery } from './page-query';
import { periodBounds, type ReportScope } from './report-scope';

/** Which rows a detail source reads. */
export interface DetailQuery {
  readonly scope: ReportScope;
  /** Only rows that may be exceptions (failed, rejected, stuck, settled differently). */
  readonly exceptionsOnly?: boolean;
  /** Only COMPLETED rows (the journal). */
  readonly completedOnly?: boolean;
  readonly pageSize: number;
}

/**
 * A source of Detail rows: pages of rows in a stable order, read with keyset pagination so a
 * report of any size is written in bounded memory. Payments are one source; invoices will be one
 * more function of this type in DETAIL_SOURCES.
 */
export type DetailSource = (
  dataSource: DataSource,
  query: DetailQuery,
) => AsyncGenerator<DetailRow[]>;

/** A datetime column as read: better-sqlite3 gives UTC text, mysql2 a Date (timezone Z). */
export function dateOf(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value !== 'string') throw new TypeError(`cannot read ${typeof value} as a datetime`);
  const text = value;
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

function money(value: unknown, currency: CurrencyCode): string | null {
  return value === null || value === undefined ? null : formatMinorUnits(toBigInt(value), currency);
}

/** The selected columns, in order: a page's rows are arrays indexed by these. */
const C = {
  id: 0,
  batchId: 1,
  relationshipType: 2,
  fileName: 3,
  sourceRow: 4,
  externalRef: 5,
  fullName: 6,
  phone: 7,
  currency: 8,
  amountMinor: 9,
  method: 10,
  provider: 11,
  feeMinor: 12,
  payerAmountMinor: 13,
  payeeAmountMinor: 14,
  status: 15,
  reason: 16,
  batchCreatedAt: 17,
  completedAt: 18,
  referenceId: 19,
  dollrSessionId: 20,
  providerTransactionId: 21,
  gatewayMessage: 22,
  dollrStatus: 23,
  stuckAt: 24,
} as const;

function text(value: unknown): string {
  return value as string;
}

function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as string);
}

/** Dates repeat (every payment of a batch has its batch's creation time): read each text once. */
class DateReader {
  private lastText: unknown = undefined;
  private lastDate: Date | null = null;

  read(value: unknown): Date | null {
    if (value !== this.lastText || value instanceof Date) {
      this.lastText = value;
      this.lastDate = dateOf(value);
    }
    return this.lastDate;
  }
}

function paymentRow(r: unknown[], created: DateReader): DetailRow {
  const currency = text(r[C.currency]);
  if (!isCurrencyCode(currency)) {
    throw new Error(`payment ${String(r[C.id])} has the unknown currency "${currency}"`);
  }
  const amountMinor = toBigInt(r[C.amountMinor]);
  const completed = r[C.status] === 'COMPLETED';
  const payee = r[C.payeeAmountMinor];
  const payeeMinor = payee === null ? null : toBigInt(payee);
  const settledMinor = completed ? (payeeMinor ?? amountMinor) : null;
  const session = r[C.dollrSessionId] as string | number | null;
  return {
    kind: 'payment',
    id: Number(r[C.id]),
    batchId: Number(r[C.batchId]),
    relationshipType: text(r[C.relationshipType]),
    sourceFile: text(r[C.fileName]),
    sourceRow: Number(r[C.sourceRow]),
    externalRef: text(r[C.externalRef]),
    name: text(r[C.fullName]),
    phone: text(r[C.phone]),
    currency,
    amount: formatMinorUnits(amountMinor, currency),
    method: optionalText(r[C.method]),
    provider: optionalText(r[C.provider]),
    referenceId: optionalText(r[C.referenceId]),
    dollrSessionId: session === null ? null : String(session),
    providerTransactionId: optionalText(r[C.providerTransactionId]),
    status: text(r[C.status]),
    dollrStatus: optionalText(r[C.dollrStatus]),
    gatewayMessage: optionalText(r[C.gatewayMessage]),
    reason: optionalText(r[C.reason]),
    fees: money(r[C.feeMinor], currency),
    payerAmount: money(r[C.payerAmountMinor], currency),
    payeeAmount: payeeMinor === null ? null : formatMinorUnits(payeeMinor, currency),
    settledAmount: settledMinor === null ? null : formatMinorUnits(settledMinor, currency),
    variance: settledMinor === null ? null : formatMinorUnits(settledMinor - amountMinor, currency),
    fxRate: null,
    createdAt: created.read(r[C.batchCreatedAt]) ?? new Date(0),
    completedAt: dateOf(r[C.completedAt]),
    stuckAt: C.stuckAt < r.length ? dateOf(r[C.stuckAt]) : null,
  };
}

/**
 * The first and last id of the rows of `table` whose `column` is `value` (through its index), or
 * null when there are none: the bounds of a keyset scan on the primary key.
 */
export async function idRange(
  dataSource: DataSource,
  table: string,
  column: string,
  value: number,
): Promise<{ first: number; last: number } | null> {
  const [row] = await dataSource.query<{ first: unknown; last: unknown }[]>(
    `SELECT MIN(id) AS ${dataSource.driver.escape('first')}, MAX(id) AS ${dataSource.driver.escape('last')} FROM ${table} WHERE ${column} = ?`,
    [value],
  );
  if (row === undefined || row.first === null || row.first === undefined) return null;
  return { first: Number(row.first), last: Number(row.last) };
}

/** Whether payments has the stuck_at column (added with the scheduled status poll). */
export async function hasStuckAt(dataSource: DataSource): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    return await runner.hasColumn('payments', 'stuck_at');
  } finally {
    await runner.release();
  }
}

/**
 * Payments in the scope: a batch's payments, or those whose status last changed within the
 * period (UTC days, both included). Each with its batch, file, and latest attempt.
 */
export const paymentDetails: DetailSource = async function* (dataSource, query) {
  const q = (name: string): string => dataSource.driver.escape(name);
  const stuck = await hasStuckAt(dataSource);
  const where: string[] = ['p.id > ?', 'p.id <= ?'];
  const parameters: unknown[] = [];
  let afterId = 0;
  let lastId = Number.MAX_SAFE_INTEGER;
  if (query.scope.kind === 'batch') {
    const range = await idRange(dataSource, 'payments', 'batch_id', query.scope.batchId);
    if (range === null) return;
    [afterId, lastId] = [range.first - 1, range.last];
    // The unary + keeps the planner on the primary key: through the (batch_id, status) index it
    // would sort every remaining row of the batch again for each page.
    where.push('+p.batch_id = ?');
    parameters.push(query.scope.batchId);
  } else {
    const { start, end } = periodBounds(query.scope);
    where.push('p.status_changed_at >= ?', 'p.status_changed_at < ?');
    parameters.push(start, end);
  }
  if (query.completedOnly === true) where.push("p.status = 'COMPLETED'");
  if (query.exceptionsOnly === true) {
    where.push(
      `(p.status IN ('FAILED', 'REJECTED')${stuck ? ' OR p.stuck_at IS NOT NULL' : ''} OR (p.status = 'COMPLETED' AND p.payee_amount_minor IS NOT NULL AND p.payee_amount_minor <> p.amount_minor))`,
    );
  }
  const sql = `SELECT p.id, p.batch_id, b.relationship_type, i.file_name, p.${q('row_number')} AS source_row,
      p.external_ref, p.full_name, p.phone, p.currency, p.amount_minor, p.method, p.provider,
      p.fee_minor, p.payer_amount_minor, p.payee_amount_minor, p.status, p.reason,
      b.created_at AS batch_created_at, p.completed_at,
      a.reference_id, a.dollr_session_id, a.provider_transaction_id, a.gateway_message,
      a.state AS dollr_status${stuck ? ', p.stuck_at' : ''}
    FROM payments p
    JOIN batches b ON b.id = p.batch_id
    JOIN imports i ON i.id = b.import_id
    LEFT JOIN payment_attempts a ON a.payment_id = p.id AND a.attempt_no = p.attempt_count
    WHERE ${where.join(' AND ')}
    ORDER BY p.id
    LIMIT ${Math.trunc(query.pageSize)}`;
  const page = pageQuery(dataSource, sql);
  const created = new DateReader();
  for (;;) {
    const records = await page([afterId, lastId, ...parameters]);
    if (records.length === 0) return;
    yield records.map((record) => paymentRow(record, created));
    if (records.length < query.pageSize) return;
    afterId = Number(records[records.length - 1]?.[C.id]);
  }
};

/** Every source of Detail rows, in the order they appear in a report. */
export const DETAIL_SOURCES: readonly DetailSource[] = [paymentDetails];

/** The pages of every source, one after the other. */
export async function* detailPages(
  dataSource: DataSource,
  query: DetailQuery,
): AsyncGenerator<DetailRow[]> {
  for (const source of DETAIL_SOURCES) yield* source(dataSource, query);
}
