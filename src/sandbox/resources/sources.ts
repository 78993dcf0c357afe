import { stringify } from 'lossless-json';
import { invalidAt } from '../http/errors';
import { isoTime, isoTimeOrNull, money } from '../http/json';
import type { FeeBearer, SourceStatus, SourceType } from '../rules/enums';
import { type Currency, minorFromColumn, minorToColumn } from '../rules/money';
import { type SourceAction, sourceRefusal } from '../rules/source-lifecycle';
import type { Loc } from '../rules/validation';
import type { Store } from '../store/store';
import { findCounterparty, presentCounterparty } from './counterparties';

/** Invoices and orders share one model and one set of twelve endpoints. */
export interface SourceKind {
  readonly type: SourceType;
  readonly label: 'invoice' | 'order';
  readonly plural: 'invoices' | 'orders';
  readonly prefix: 'INV' | 'ORD';
}

export const SOURCE_KINDS: Record<SourceType, SourceKind> = {
  INVOICE: { type: 'INVOICE', label: 'invoice', plural: 'invoices', prefix: 'INV' },
  ORDER: { type: 'ORDER', label: 'order', plural: 'orders', prefix: 'ORD' },
};

export interface SourceRow {
  id: number;
  merchant_id: number;
  type: SourceType;
  number: string;
  counterparty_id: number;
  currency: Currency;
  note: string | null;
  fee_bearer: FeeBearer;
  as_payment_link: number;
  due_date: number | null;
  status: SourceStatus;
  hosted_token: string | null;
  expires_at: number | null;
  success_url: string | null;
  cancel_url: string | null;
  receipt_json: string | null;
  created_at: number;
  updated_at: number;
}

export interface ItemRow {
  id: number;
  source_id: number;
  name: string;
  currency: Currency;
  qty: number;
  amount_minor: number;
  created_at: number;
  updated_at: number;
}

export function sourceItems(store: Store, sourceId: number): ItemRow[] {
  return store.all<ItemRow>('SELECT * FROM source_items WHERE source_id = ? ORDER BY id', sourceId);
}

/** The sum of unit price × qty over the items, in minor units. */
export function sourceTotal(store: Store, source: SourceRow): bigint {
  return sourceItems(store, source.id).reduce(
    (sum, item) => sum + minorFromColumn(item.amount_minor) * BigInt(item.qty),
    0n,
  );
}

export function presentItem(kind: SourceKind, item: ItemRow): Record<string, unknown> {
  const unit = minorFromColumn(item.amount_minor);
  return {
    id: item.id,
    [`${kind.label}_id`]: item.source_id,
    name: item.name,
    currency: item.currency,
    qty: item.qty,
    amount: money(unit, item.currency),
    line_total: money(unit * BigInt(item.qty), item.currency),
    created_at: isoTime(item.created_at),
    updated_at: isoTime(item.updated_at),
  };
}

export function presentSource(store: Store, source: SourceRow): Record<string, unknown> {
  const kind = SOURCE_KINDS[source.type];
  const counterparty = findCounterparty(store, source.merchant_id, source.counterparty_id);
  return {
    id: source.id,
    source_type: source.type,
    [`${kind.label}_number`]: source.number,
    source_number: source.number,
    status: source.status,
    counterparty_id: source.counterparty_id,
    counterparty: counterparty ? presentCounterparty(store, counterparty) : null,
    currency: source.currency,
    total_amount: money(sourceTotal(store, source), source.currency),
    note: source.note,
    fee_bearer: source.fee_bearer,
    as_payment_link: source.as_payment_link === 1,
    due_date: isoTimeOrNull(source.due_date),
    expires_at: isoTimeOrNull(source.expires_at),
    [`${kind.label}_items`]: sourceItems(store, source.id).map((item) => presentItem(kind, item)),
    created_at: isoTime(source.created_at),
    updated_at: isoTime(source.updated_at),
  };
}

export function findSource(
  store: Store,
  merchantId: number,
  type: SourceType,
  id: number,
): SourceRow | undefined {
  return store.get<SourceRow>(
    'SELECT * FROM sources WHERE id = ? AND merchant_id = ? AND type = ?',
    id,
    merchantId,
    type,
  );
}

export function findSourceByNumber(
  store: Store,
  merchantId: number,
  type: SourceType,
  number: string,
): SourceRow | undefined {
  return store.get<SourceRow>(
    'SELECT * FROM sources WHERE number = ? AND merchant_id = ? AND type = ?',
    number,
    merchantId,
    type,
  );
}

export function reloadSource(store: Store, source: SourceRow): SourceRow {
  return store.get<SourceRow>('SELECT * FROM sources WHERE id = ?', source.id) as SourceRow;
}

/** Throws the 422 for an action the source's status does not allow. */
export function requireAllowed(source: SourceRow, action: SourceAction, loc: Loc): void {
  const refusal = sourceRefusal(SOURCE_KINDS[source.type].label, source.status, action);
  if (refusal !== undefined) throw invalidAt(loc, refusal);
}

/** `INV-2025-0042`: four digits, more once a year passes 9999 documents (README decision). */
function nextNumber(store: Store, merchantId: number, kind: SourceKind, now: number): string {
  const year = new Date(now).getUTCFullYear();
  const sequence = store.nextInSequence(`${merchantId}:${kind.prefix}:${year}`);
  return `${kind.prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

export interface NewSource {
  readonly counterpartyId: number;
  readonly currency: Currency;
  readonly note?: string;
  readonly feeBearer: FeeBearer;
  readonly asPaymentLink: boolean;
  readonly dueDate?: number;
  readonly status: SourceStatus;
  readonly hostedToken?: string;
  readonly expiresAt?: number;
  readonly successUrl?: string;
  readonly cancelUrl?: string;
}

export function insertSource(
  store: Store,
  merchantId: number,
  kind: SourceKind,
  fields: NewSource,
  now: number,
): SourceRow {
  const id = store.insert('sources', {
    merchant_id: merchantId,
    type: kind.type,
    number: nextNumber(store, merchantId, kind, now),
    counterparty_id: fields.counterpartyId,
    currency: fields.currency,
    note: fields.note ?? null,
    fee_bearer: fields.feeBearer,
    as_payment_link: fields.asPaymentLink ? 1 : 0,
    due_date: fields.dueDate ?? null,
    status: fields.status,
    hosted_token: fields.hostedToken ?? null,
    expires_at: fields.expiresAt ?? null,
    success_url: fields.successUrl ?? null,
    cancel_url: fields.cancelUrl ?? null,
    receipt_json: null,
    created_at: now,
    updated_at: now,
  });
  return findSource(store, merchantId, kind.type, id) as SourceRow;
}

export function insertItem(
  store: Store,
  sourceId: number,
  item: { name: string; currency: Currency; qty: number; amountMinor: bigint },
  now: number,
): number {
  return store.insert('source_items', {
    source_id: sourceId,
    name: item.name,
    currency: item.currency,
    qty: item.qty,
    amount_minor: minorToColumn(item.amountMinor),
    created_at: now,
    updated_at: now,
  });
}

export function setSourceStatus(
  store: Store,
  sourceId: number,
  status: SourceStatus,
  now: number,
): void {
  store.update('sources', sourceId, { status, updated_at: now });
}

/** Everything a receipt shows about the payment; stored on the source when it becomes PAID. */
export interface Payment {
  readonly referenceId: string | null;
  readonly payerMinor: bigint;
  readonly payerCurrency: Currency;
  readonly payeeMinor: bigint;
  readonly payeeCurrency: Currency;
  readonly fxRate: string;
  readonly platformFeeMinor: bigint;
  readonly gatewayFeeMinor: bigint;
  readonly fxFeeMinor: bigint;
  readonly method: string;
  readonly provider: string;
  readonly providerTransactionId: string;
}

export function markPaid(store: Store, source: SourceRow, payment: Payment, now: number): void {
  const kind = SOURCE_KINDS[source.type];
  const receipt = {
    source_type: source.type,
    source_id: source.id,
    source_number: source.number,
    status: 'PAID',
    reference_id: payment.referenceId,
    payer_amount: money(payment.payerMinor, payment.payerCurrency),
    payer_currency: payment.payerCurrency,
    payee_amount: money(payment.payeeMinor, payment.payeeCurrency),
    payee_currency: payment.payeeCurrency,
    fx_rate: payment.fxRate,
    fx_currency_from: payment.payeeCurrency,
    fx_currency_to: payment.payerCurrency,
    platform_fee: money(payment.platformFeeMinor, payment.payerCurrency),
    gateway_fee: money(payment.gatewayFeeMinor, payment.payerCurrency),
    fx_fee: money(payment.fxFeeMinor, payment.payerCurrency),
    fee_currency: payment.payerCurrency,
    payment_method: payment.method,
    provider: payment.provider,
    provider_transaction_id: payment.providerTransactionId,
    paid_at: isoTime(now),
    items: sourceItems(store, source.id).map((item) => presentItem(kind, item)),
  };
  store.update('sources', source.id, {
    status: 'PAID',
    receipt_json: stringify(receipt) ?? null,
    updated_at: now,
  });
}
