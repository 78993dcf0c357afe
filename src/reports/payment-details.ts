import type { DataSource } from 'typeorm';
import { toBigInt } from '../database/columns';
import { formatMinorUnits } from '../money/amount-input';
import { type CurrencyCode, isCurrencyCode, minorUnitsOf } from '../money/currency';
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
 * report of any size is written in bounded memory. Payments are the one source: an invoice batch
 * has one payment row per invoice (its collection), so an invoice's row is its payment's, with the
 * invoice's numbers, link and receipt added (one row per invoice, and the Summary still adds up
 * the payments table).
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
  return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

/**
 * Minor units as read (a safe integer from better-sqlite3, a digit string from mysql2) as a
 * decimal string. Safe integers are formatted without a bigint: most of a report's cells are
 * amounts, and this is the hot path of a 200,000-row report.
 */
export function minorText(value: number, decimals: number): string {
  if (decimals === 0) return String(value);
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const text = `${digits.slice(0, digits.length - decimals)}.${digits.slice(digits.length - decimals)}`;
  return value < 0 ? `-${text}` : text;
}

function money(value: unknown, currency: CurrencyCode): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    return minorText(value, minorUnitsOf(currency));
  }
  return formatMinorUnits(toBigInt(value), currency);
}

/** The selected columns, in order: a page's rows are arrays indexed by these. */
const C = {
  id: 0,
  batchId: 1,
  sourceRow: 2,
  externalRef: 3,
  fullName: 4,
  phone: 5,
  currency: 6,
  amountMinor: 7,
  method: 8,
  provider: 9,
  feeMinor: 10,
  payerAmountMinor: 11,
  payeeAmountMinor: 12,
  status: 13,
  reason: 14,
  completedAt: 15,
  referenceId: 16,
  dollrSessionId: 17,
  providerTransactionId: 18,
  gatewayMessage: 19,
  dollrStatus: 20,
  stuckAt: 21,
} as const;

/** What a payment's Detail row takes from its batch and import. */
interface BatchFacts {
  /** An invoice batch: its payments are the collections of its invoices. */
  readonly invoices: boolean;
  readonly relationshipType: string;
  readonly fileName: string;
  readonly createdAt: Date;
}

function text(value: unknown): string {
  return value as string;
}

function optionalText(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as string);
}

/** What an invoice's Detail row takes from the invoices table. */
export interface InvoiceFacts {
  readonly invoiceNumber: string;
  readonly dollrInvoiceId: number | null;
  readonly dollrNumber: string | null;
  readonly paymentLink: string | null;
  readonly fxRate: string | null;
  readonly provider: string | null;
  readonly providerTransactionId: string | null;
}

function paymentRow(
  r: unknown[],
  batches: ReadonlyMap<number, BatchFacts>,
  invoices: ReadonlyMap<number, InvoiceFacts>,
): DetailRow {
  const currency = text(r[C.currency]);
  if (!isCurrencyCode(currency)) {
    throw new Error(`payment ${String(r[C.id])} has the unknown currency "${currency}"`);
  }
  const amountMinor = toBigInt(r[C.amountMinor]);
  const completed = r[C.status] === 'COMPLETED';
  const payee = r[C.payeeAmountMinor];
  const payeeMinor = payee === null ? null : toBigInt(payee);
  const settledMinor = completed ? (payeeMinor ?? amountMinor) : null;
  const amount = money(r[C.amountMinor], currency) as string;
  const session = r[C.dollrSessionId] as string | number | null;
  const batchId = Number(r[C.batchId]);
  const batch = batches.get(batchId);
  if (batch === undefined) throw new Error(`payment ${String(r[C.id])}: no batch ${batchId}`);
  const id = Number(r[C.id]);
  const invoice = batch.invoices ? (invoices.get(id) ?? null) : null;
  // An invoice the customer paid through its link after (or without) a collection of ours: the
  // attempt, if any, failed and says nothing about the money; the receipt does.
  const paidByLink = invoice !== null && completed && r[C.dollrStatus] !== 'COMPLETED';
  const attempt = (column: number): string | null => (paidByLink ? null : optionalText(r[column]));
  return {
    kind: batch.invoices ? 'invoice' : 'payment',
    id,
    batchId,
    relationshipType: batch.relationshipType,
    sourceFile: batch.fileName,
    sourceRow: Number(r[C.sourceRow]),
    externalRef: text(r[C.externalRef]),
    name: text(r[C.fullName]),
    phone: text(r[C.phone]),
    currency,
    amount,
    method: optionalText(r[C.method]),
    provider: paidByLink
      ? (invoice.provider ?? optionalText(r[C.provider]))
      : (optionalText(r[C.provider]) ?? invoice?.provider ?? null),
    referenceId: attempt(C.referenceId),
    dollrSessionId: paidByLink || session === null ? null : String(session),
    providerTransactionId:
      attempt(C.providerTransactionId) ?? invoice?.providerTransactionId ?? null,
    status: text(r[C.status]),
    dollrStatus: paidByLink ? 'PAID' : optionalText(r[C.dollrStatus]),
    gatewayMessage: attempt(C.gatewayMessage),
    reason: optionalText(r[C.reason]),
    // The fee Dollr charged: a payment that did not complete was charged none (its fee is the
    // pre-flight's prediction until then).
    fees: text(r[C.status]) === 'COMPLETED' ? money(r[C.feeMinor], currency) : null,
    payerAmount: money(r[C.payerAmountMinor], currency),
    payeeAmount: money(payee, currency),
    settledAmount:
      settledMinor === null ? null : settledMinor === amountMinor ? amount : money(payee, currency),
    variance: settledMinor === null ? null : formatMinorUnits(settledMinor - amountMinor, currency),
    fxRate: invoice?.fxRate ?? null,
    invoiceNumber: invoice?.invoiceNumber ?? null,
    dollrInvoiceId: invoice?.dollrInvoiceId ?? null,
    dollrInvoiceNumber: invoice?.dollrNumber ?? null,
    paymentLink: invoice?.paymentLink ?? null,
    createdAt: batch.createdAt,
    completedAt: dateOf(r[C.completedAt]),
    stuckAt: C.stuckAt < r.length ? dateOf(r[C.stuckAt]) : null,
  };
}

/** Reads the batch and file of the page's payments whose batch is not known yet. */
async function addBatchFacts(
  dataSource: DataSource,
  batches: Map<number, BatchFacts>,
  records: readonly unknown[][],
): Promise<void> {
  const missing = new Set<number>();
  for (const record of records) {
    const id = Number(record[C.batchId]);
    if (!batches.has(id)) missing.add(id);
  }
  if (missing.size === 0) return;
  const rows = await dataSource.query<Record<string, unknown>[]>(
    `SELECT b.id, b.kind, b.relationship_type, i.file_name, b.created_at
       FROM batches b JOIN imports i ON i.id = b.import_id
      WHERE b.id IN (${[...missing].map(() => '?').join(', ')})`,
    [...missing],
  );
  for (const row of rows) {
    batches.set(Number(row.id), {
      invoices: row.kind === 'INVOICE',
      relationshipType: text(row.relationship_type),
      fileName: text(row.file_name),
      createdAt: dateOf(row.created_at) ?? new Date(0),
    });
  }
}

/**
 * The invoices of the page's payments that belong to invoice batches, by payment id: one indexed
 * read per page (payments.id is invoices.payment_id, unique), none for a page of payouts.
 */
async function invoicesOf(
  dataSource: DataSource,
  batches: ReadonlyMap<number, BatchFacts>,
  records: readonly unknown[][],
): Promise<Map<number, InvoiceFacts>> {
  const ids = records
    .filter((record) => batches.get(Number(record[C.batchId]))?.invoices === true)
    .map((record) => Number(record[C.id]));
  const invoices = new Map<number, InvoiceFacts>();
  if (ids.length === 0) return invoices;
  const rows = await dataSource.query<Record<string, unknown>[]>(
    `SELECT payment_id, invoice_number, dollr_invoice_id, dollr_number, payment_link,
            receipt_fx_rate, receipt_provider, receipt_provider_transaction_id
       FROM invoices WHERE payment_id IN (${ids.map(() => '?').join(', ')})`,
    ids,
  );
  for (const row of rows) {
    invoices.set(Number(row.payment_id), {
      invoiceNumber: text(row.invoice_number),
      dollrInvoiceId:
        row.dollr_invoice_id === null || row.dollr_invoice_id === undefined
          ? null
          : Number(row.dollr_invoice_id),
      dollrNumber: optionalText(row.dollr_number),
      paymentLink: optionalText(row.payment_link),
      fxRate: optionalText(row.receipt_fx_rate),
      provider: optionalText(row.receipt_provider),
      providerTransactionId: optionalText(row.receipt_provider_transaction_id),
    });
  }
  return invoices;
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
 * period (UTC days, both included); the exceptions of a period also hold the payments still
 * flagged STUCK, from an earlier day, at its end. Each with its batch, file, and latest attempt.
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
    if (query.exceptionsOnly === true && stuck) {
      // An open exception stays on the Exceptions sheet of every period from the day it was
      // flagged STUCK until Dollr's final status clears the flag (that day it is FAILED or
      // COMPLETED, by status_changed_at): flagging it does not change its status, and it may
      // have gone PROCESSING days earlier.
      where.push(
        `((p.status_changed_at >= ? AND p.status_changed_at < ?) OR (p.stuck_at IS NOT NULL AND p.stuck_at < ? AND p.status IN ('PENDING', 'PROCESSING')))`,
      );
      parameters.push(start, end, end);
    } else {
      where.push('p.status_changed_at >= ?', 'p.status_changed_at < ?');
      parameters.push(start, end);
    }
  }
  if (query.completedOnly === true) where.push("p.status = 'COMPLETED'");
  if (query.exceptionsOnly === true) {
    where.push(
      `(p.status IN ('FAILED', 'REJECTED')${stuck ? ' OR p.stuck_at IS NOT NULL' : ''} OR (p.status = 'COMPLETED' AND p.payee_amount_minor IS NOT NULL AND p.payee_amount_minor <> p.amount_minor))`,
    );
  }
  // Each batch and its file are read once (addBatchFacts) rather than joined on every row.
  const sql = `SELECT p.id, p.batch_id, p.${q('row_number')} AS source_row,
      p.external_ref, p.full_name, p.phone, p.currency, p.amount_minor, p.method, p.provider,
      p.fee_minor, p.payer_amount_minor, p.payee_amount_minor, p.status, p.reason, p.completed_at,
      a.reference_id, a.dollr_session_id, a.provider_transaction_id, a.gateway_message,
      a.state AS dollr_status${stuck ? ', p.stuck_at' : ''}
    FROM payments p
    LEFT JOIN payment_attempts a ON a.payment_id = p.id AND a.attempt_no = p.attempt_count
    WHERE ${where.join(' AND ')}
    ORDER BY p.id
    LIMIT ${Math.trunc(query.pageSize)}`;
  const page = pageQuery(dataSource, sql);
  const batches = new Map<number, BatchFacts>();
  for (;;) {
    const records = await page([afterId, lastId, ...parameters]);
    if (records.length === 0) return;
    await addBatchFacts(dataSource, batches, records);
    const invoices = await invoicesOf(dataSource, batches, records);
    yield records.map((record) => paymentRow(record, batches, invoices));
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
