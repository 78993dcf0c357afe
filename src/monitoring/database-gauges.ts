import type { DataSource } from 'typeorm';
import { sqlValue } from '../database/sql-values';
import type { ScrapedGauge } from '../metrics/metrics';
import { PaymentEntity } from '../payments/entities/payment.entity';

type Row = Record<string, string | number | null>;

const count = (value: string | number | null | undefined): number => Number(value ?? 0);

/** What the database holds, read at each scrape: payments, leases, STUCK payments, imports, webhooks. */
export function databaseGauges(dataSource: DataSource): ScrapedGauge[] {
  const rows = (sql: string, parameters: unknown[] = []) =>
    dataSource.query<Row[]>(sql, parameters);
  return [
    {
      name: 'payments',
      help: 'Payments by batch kind (PAYOUT, INVOICE) and status',
      labelNames: ['kind', 'status'],
      read: async () =>
        (
          await rows(
            `SELECT b.kind AS kind, p.status AS status, COUNT(*) AS n
             FROM payments p JOIN batches b ON b.id = p.batch_id GROUP BY b.kind, p.status`,
          )
        ).map((r) => ({
          labels: { kind: String(r.kind), status: String(r.status) },
          value: count(r.n),
        })),
    },
    {
      name: 'payment_claims_in_flight',
      help: 'Payments a worker holds a lease on right now (a step with Dollr in progress)',
      labelNames: [],
      read: async () => {
        const now = sqlValue(dataSource, PaymentEntity, 'leaseExpiresAt', new Date());
        const [row] = await rows(
          'SELECT COUNT(*) AS n FROM payments WHERE lease_owner IS NOT NULL AND lease_expires_at > ?',
          [now],
        );
        return [{ labels: {}, value: count(row?.n) }];
      },
    },
    {
      name: 'payments_stuck',
      help: 'Payments flagged STUCK (PROCESSING too long): exceptions for an operator',
      labelNames: [],
      read: async () => {
        const [row] = await rows(
          "SELECT COUNT(*) AS n FROM payments WHERE stuck_at IS NOT NULL AND status = 'PROCESSING'",
        );
        return [{ labels: {}, value: count(row?.n) }];
      },
    },
    {
      name: 'imports',
      help: 'Stored imports by kind (payables, receivables)',
      labelNames: ['kind'],
      read: async () =>
        (await rows('SELECT kind, COUNT(*) AS n FROM imports GROUP BY kind')).map((r) => ({
          labels: { kind: String(r.kind) },
          value: count(r.n),
        })),
    },
    {
      name: 'import_rows',
      help: 'Rows of the stored imports by status (valid, invalid, duplicate, skipped)',
      labelNames: ['status'],
      read: async () => {
        const [row] = await rows(
          `SELECT SUM(valid_count) AS valid, SUM(invalid_count) AS invalid,
                  SUM(duplicate_count) AS duplicate, SUM(skipped_count) AS skipped FROM imports`,
        );
        return ['valid', 'invalid', 'duplicate', 'skipped'].map((status) => ({
          labels: { status },
          value: count(row?.[status]),
        }));
      },
    },
    {
      name: 'webhook_events',
      help: 'ERP webhook events by delivery status (PENDING, DELIVERED, FAILED)',
      labelNames: ['status'],
      read: async () =>
        (await rows('SELECT status, COUNT(*) AS n FROM webhook_events GROUP BY status')).map(
          (r) => ({ labels: { status: String(r.status) }, value: count(r.n) }),
        ),
    },
  ];
}
