import type { DataSource, EntityManager } from 'typeorm';
import { toBigInt } from '../database/columns';
import { readSum, sumAsTextSql } from '../database/money-sql';
import { fromMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';
import type { PaymentStatus } from '../payments/entities/payment.entity';
import { addToSums, type CurrencySums, type CurrencyTotals, totalsOfSums } from './batch-totals';
import { BatchContentHasher, type ContentPayment } from './content-hash';

/**
 * A batch's payments read for its totals and content hash without holding them: totals are SQL
 * aggregates, the hash is folded over pages of payments read in id order.
 */

/** Payments read per page when the content hash is folded. */
export const CONTENT_PAGE_SIZE = 5_000;

function inList(statuses: readonly PaymentStatus[]): string {
  if (statuses.length === 0) throw new Error('no payment status to read');
  return statuses.map(() => '?').join(', ');
}

/**
 * Requested amounts, fees, and what the payer and the payees see, per currency, of the batch's
 * payments in these statuses: `totalsByCurrency` computed by the database (exact: integer sums
 * of minor units, read back as text).
 */
export async function totalsInSql(
  manager: EntityManager | DataSource,
  batchId: number,
  statuses: readonly PaymentStatus[],
): Promise<CurrencyTotals[]> {
  const connection = 'connection' in manager ? manager.connection : manager;
  const sum = (expression: string) => sumAsTextSql(connection, expression);
  const rows = await manager.query<
    {
      currency: CurrencyCode;
      n: unknown;
      requested: unknown;
      fees: unknown;
      payer: unknown;
      payee: unknown;
    }[]
  >(
    `SELECT currency, COUNT(*) AS n,
        ${sum('amount_minor')} AS requested,
        ${sum('fee_minor')} AS fees,
        ${sum('COALESCE(payer_amount_minor, amount_minor + COALESCE(fee_minor, 0))')} AS payer,
        ${sum('COALESCE(payee_amount_minor, amount_minor)')} AS payee
      FROM payments
      WHERE batch_id = ? AND status IN (${inList(statuses)})
      GROUP BY currency`,
    [batchId, ...statuses],
  );
  return rows
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((r) => ({
      currency: r.currency,
      count: Number(r.n),
      requested: fromMinorUnits(readSum(r.requested), r.currency),
      fees: fromMinorUnits(readSum(r.fees), r.currency),
      payerTotal: fromMinorUnits(readSum(r.payer), r.currency),
      payeeTotal: fromMinorUnits(readSum(r.payee), r.currency),
    }));
}

/**
 * One page of a batch's payments in these statuses, by keyset on the primary key (parameters:
 * after id, last id, batch id, the statuses). The planner is kept on the primary key: through the
 * (batch_id, status) or the status index it would sort the rest of the batch again for every
 * page. SQLite leaves an index alone for a column under a unary +; MySQL/MariaDB ignore the + and
 * are told.
 */
export function contentPageSql(
  connection: DataSource,
  statuses: readonly PaymentStatus[],
  pageSize: number,
): string {
  const mysql = connection.options.type === 'mysql';
  const plus = mysql ? '' : '+';
  return `SELECT id, external_ref, phone, amount_minor, currency, method
    FROM payments${mysql ? ' FORCE INDEX (PRIMARY)' : ''}
    WHERE id > ? AND id <= ? AND ${plus}batch_id = ? AND ${plus}status IN (${inList(statuses)})
    ORDER BY id
    LIMIT ${Math.trunc(pageSize)}`;
}

/**
 * The payments of the batch in these statuses, in id order, a page at a time, as the content
 * hash sees them.
 */
export async function* contentPages(
  manager: EntityManager,
  batchId: number,
  relationshipType: string,
  statuses: readonly PaymentStatus[],
  pageSize = CONTENT_PAGE_SIZE,
): AsyncGenerator<ContentPayment[]> {
  const [range] = await manager.query<{ lo: unknown; hi: unknown }[]>(
    'SELECT MIN(id) AS lo, MAX(id) AS hi FROM payments WHERE batch_id = ?',
    [batchId],
  );
  if (range === undefined || range.lo === null || range.lo === undefined) return;
  let after = Number(range.lo) - 1;
  const last = Number(range.hi);
  const sql = contentPageSql(manager.connection, statuses, pageSize);
  for (;;) {
    const rows = await manager.query<
      {
        id: unknown;
        external_ref: string;
        phone: string;
        amount_minor: unknown;
        currency: CurrencyCode;
        method: string | null;
      }[]
    >(sql, [after, last, batchId, ...statuses]);
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      paymentId: Number(r.id),
      payee: `${relationshipType}:${r.external_ref}`,
      phone: r.phone,
      amount: fromMinorUnits(toBigInt(r.amount_minor), r.currency),
      currency: r.currency,
      method: r.method,
    }));
    if (rows.length < pageSize) return;
    after = Number(rows[rows.length - 1].id);
  }
}

/** The content hash of the batch's payments in these statuses, folded over pages. */
export async function contentHash(
  manager: EntityManager,
  batch: { readonly id: number; readonly relationshipType: string },
  statuses: readonly PaymentStatus[],
  totals: readonly CurrencyTotals[],
  pageSize = CONTENT_PAGE_SIZE,
): Promise<string> {
  const hasher = new BatchContentHasher(batch.id);
  for await (const page of contentPages(
    manager,
    batch.id,
    batch.relationshipType,
    statuses,
    pageSize,
  )) {
    hasher.add(page);
  }
  return hasher.finish(
    totals.map((t) => ({ currency: t.currency, requested: t.requested, fees: t.fees })),
  );
}

/** A batch's payments of one currency and status (checked by pre-flight or not, stuck or not). */
export interface PaymentGroup {
  readonly currency: CurrencyCode;
  readonly status: PaymentStatus;
  readonly checked: boolean;
  readonly stuck: boolean;
  readonly count: number;
  readonly amount: bigint;
  readonly fees: bigint;
  /** What the payer pays: its amount when pre-flight said it, else the amount plus the fee. */
  readonly payer: bigint;
  /** What the payee receives: its amount when Dollr said it, else the amount. */
  readonly payee: bigint;
}

/**
 * Every figure the batch's views need, in one pass over the batch's payments (the id range of the
 * batch through the primary key) grouped by currency, status, checked and stuck.
 */
export async function paymentGroups(
  dataSource: DataSource,
  batchId: number,
): Promise<PaymentGroup[]> {
  const [range] = await dataSource.query<{ lo: unknown; hi: unknown }[]>(
    'SELECT MIN(id) AS lo, MAX(id) AS hi FROM payments WHERE batch_id = ?',
    [batchId],
  );
  if (range === undefined || range.lo === null || range.lo === undefined) return [];
  const mysql = dataSource.options.type === 'mysql';
  const sum = (expression: string) => sumAsTextSql(dataSource, expression);
  const rows = await dataSource.query<
    {
      currency: CurrencyCode;
      status: PaymentStatus;
      checked: unknown;
      stuck: unknown;
      n: unknown;
      amount: unknown;
      fees: unknown;
      payer: unknown;
      payee: unknown;
    }[]
  >(
    `SELECT currency, status,
        CASE WHEN preflight_at IS NULL THEN 0 ELSE 1 END AS checked,
        CASE WHEN stuck_at IS NULL THEN 0 ELSE 1 END AS stuck,
        COUNT(*) AS n,
        ${sum('amount_minor')} AS amount,
        ${sum('fee_minor')} AS fees,
        ${sum('COALESCE(payer_amount_minor, amount_minor + COALESCE(fee_minor, 0))')} AS payer,
        ${sum('COALESCE(payee_amount_minor, amount_minor)')} AS payee
      FROM payments${mysql ? ' FORCE INDEX (PRIMARY)' : ''}
      WHERE id >= ? AND id <= ? AND ${mysql ? '' : '+'}batch_id = ?
      GROUP BY currency, status, checked, stuck`,
    [Number(range.lo), Number(range.hi), batchId],
  );
  return rows.map((r) => ({
    currency: r.currency,
    status: r.status,
    checked: Number(r.checked) === 1,
    stuck: Number(r.stuck) === 1,
    count: Number(r.n),
    amount: readSum(r.amount),
    fees: readSum(r.fees),
    payer: readSum(r.payer),
    payee: readSum(r.payee),
  }));
}

/** `totalsByCurrency` of the payments in these statuses, from their groups. */
export function totalsOfGroups(
  groups: readonly PaymentGroup[],
  statuses: readonly PaymentStatus[],
): CurrencyTotals[] {
  const sums = new Map<CurrencyCode, CurrencySums>();
  for (const g of groups) {
    if (!statuses.includes(g.status)) continue;
    addToSums(sums, g.currency, {
      count: g.count,
      requested: g.amount,
      fees: g.fees,
      payer: g.payer,
      payee: g.payee,
    });
  }
  return totalsOfSums(sums);
}
