import type { CurrencyCode } from '../money/currency';

/**
 * One line of the report's Detail sheet: a payout, or an invoice with its collection (an invoice
 * batch has one payment row per invoice), with its money as decimal strings in the currency's
 * decimals. Every sheet, the CSV and the journal are built from these rows.
 */
export interface DetailRow {
  /** `payment` for a payout, `invoice` for an invoice of an invoice batch (and its collection). */
  readonly kind: 'payment' | 'invoice';
  /** The payment's id in the connector (an invoice's row: the id of its collection). */
  readonly id: number;
  readonly batchId: number;
  /** EMPLOYEE, SUPPLIER, CUSTOMER…: decides the journal account. */
  readonly relationshipType: string;
  readonly sourceFile: string;
  readonly sourceRow: number;
  readonly externalRef: string;
  readonly name: string;
  readonly phone: string;
  readonly currency: CurrencyCode;
  /** What the file asked for. */
  readonly amount: string;
  readonly method: string | null;
  readonly provider: string | null;
  readonly referenceId: string | null;
  readonly dollrSessionId: string | null;
  readonly providerTransactionId: string | null;
  /** The connector's status: PENDING, PROCESSING, COMPLETED, FAILED, CANCELED, REJECTED. */
  readonly status: string;
  /** The last attempt's status as Dollr reported it. */
  readonly dollrStatus: string | null;
  readonly gatewayMessage: string | null;
  readonly reason: string | null;
  readonly fees: string | null;
  readonly payerAmount: string | null;
  readonly payeeAmount: string | null;
  /** What reached the payee: the payee amount of a COMPLETED payment. */
  readonly settledAmount: string | null;
  /** settled − requested, for COMPLETED payments. */
  readonly variance: string | null;
  /** An invoice's: the receipt's FX rate (payer currency per unit of the payee's). */
  readonly fxRate: string | null;
  /** An invoice's number in the ERP file (null on payouts). */
  readonly invoiceNumber: string | null;
  /** The Dollr invoice it became: its id and number (INV-2026-0042), and its payment link. */
  readonly dollrInvoiceId: number | null;
  readonly dollrInvoiceNumber: string | null;
  readonly paymentLink: string | null;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
  /** Set when the status poll flagged it PROCESSING for too long. */
  readonly stuckAt: Date | null;
}

export type ColumnKind = 'text' | 'money' | 'integer' | 'datetime';

export interface DetailColumn {
  readonly header: string;
  readonly kind: ColumnKind;
  /** Width in characters in the XLSX. */
  readonly width: number;
  readonly value: (row: DetailRow) => string | number | Date | null;
}

/** The Detail sheet's columns (and the CSV's), in order. */
export const DETAIL_COLUMNS: readonly DetailColumn[] = [
  { header: 'Type', kind: 'text', width: 9, value: (r) => r.kind },
  { header: 'Source file', kind: 'text', width: 24, value: (r) => r.sourceFile },
  { header: 'Source row', kind: 'integer', width: 10, value: (r) => r.sourceRow },
  { header: 'Batch', kind: 'integer', width: 8, value: (r) => r.batchId },
  { header: 'External ref', kind: 'text', width: 14, value: (r) => r.externalRef },
  { header: 'Name', kind: 'text', width: 24, value: (r) => r.name },
  { header: 'Phone', kind: 'text', width: 14, value: (r) => r.phone },
  { header: 'Amount', kind: 'money', width: 14, value: (r) => r.amount },
  { header: 'Currency', kind: 'text', width: 9, value: (r) => r.currency },
  { header: 'Method', kind: 'text', width: 14, value: (r) => r.method },
  { header: 'Provider', kind: 'text', width: 10, value: (r) => r.provider },
  { header: 'reference_id', kind: 'text', width: 38, value: (r) => r.referenceId },
  { header: 'Dollr session id', kind: 'text', width: 14, value: (r) => r.dollrSessionId },
  {
    header: 'Provider transaction id',
    kind: 'text',
    width: 22,
    value: (r) => r.providerTransactionId,
  },
  { header: 'Status', kind: 'text', width: 12, value: (r) => r.status },
  { header: 'Dollr status', kind: 'text', width: 12, value: (r) => r.dollrStatus },
  { header: 'Gateway message', kind: 'text', width: 30, value: (r) => r.gatewayMessage },
  { header: 'Reason', kind: 'text', width: 30, value: (r) => r.reason },
  { header: 'Fees', kind: 'money', width: 12, value: (r) => r.fees },
  { header: 'Payer amount', kind: 'money', width: 14, value: (r) => r.payerAmount },
  { header: 'Payee amount', kind: 'money', width: 14, value: (r) => r.payeeAmount },
  { header: 'Settled amount', kind: 'money', width: 14, value: (r) => r.settledAmount },
  { header: 'Variance', kind: 'money', width: 12, value: (r) => r.variance },
  { header: 'FX rate', kind: 'text', width: 10, value: (r) => r.fxRate },
  { header: 'Created at (UTC)', kind: 'datetime', width: 20, value: (r) => r.createdAt },
  { header: 'Completed at (UTC)', kind: 'datetime', width: 20, value: (r) => r.completedAt },
  { header: 'Invoice number', kind: 'text', width: 14, value: (r) => r.invoiceNumber },
  { header: 'Dollr invoice id', kind: 'integer', width: 10, value: (r) => r.dollrInvoiceId },
  { header: 'Dollr invoice number', kind: 'text', width: 16, value: (r) => r.dollrInvoiceNumber },
  { header: 'Payment link', kind: 'text', width: 40, value: (r) => r.paymentLink },
];

/** `2026-01-31 14:05:09`: how times are written in CSV files. */
export function formatDateTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export type ExceptionKind = 'FAILED' | 'STUCK' | 'REJECTED' | 'AMOUNT_MISMATCH' | 'DUPLICATE';

/**
 * Why a payment belongs on the Exceptions sheet, if it does: it failed, was rejected by
 * pre-flight, is stuck in PROCESSING, or Dollr settled a different amount than was asked.
 */
export function paymentExceptions(row: DetailRow): ExceptionKind[] {
  const kinds: ExceptionKind[] = [];
  if (row.status === 'FAILED') kinds.push('FAILED');
  if (row.status === 'REJECTED') kinds.push('REJECTED');
  if (row.stuckAt !== null && row.status !== 'COMPLETED' && row.status !== 'FAILED') {
    kinds.push('STUCK');
  }
  if (row.variance !== null && !/^-?0(\.0+)?$/.test(row.variance)) kinds.push('AMOUNT_MISMATCH');
  return kinds;
}
