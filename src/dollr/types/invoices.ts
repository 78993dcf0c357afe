import type { DecimalString, IsoTimestamp, OpenFields } from './common';
import type { Counterparty } from './counterparties';
import type { DollrCurrency, FeeBearer, SourceStatus } from './enums';

/**
 * `POST /v1/invoices/create` (§4.4). The docs show `fee_bearer` and `as_payment_link` in every
 * example without saying whether they are required; the client always sends them.
 */
export interface InvoiceCreateRequest {
  counterparty_id: number;
  currency: DollrCurrency;
  fee_bearer: FeeBearer;
  as_payment_link: boolean;
  note?: string;
  due_date?: IsoTimestamp;
}

/** `PUT /v1/invoices/update/{id}`, IDLE only; `note` and `fee_bearer` are the documented fields. */
export interface InvoiceUpdateRequest {
  note?: string;
  fee_bearer?: FeeBearer;
}

export interface InvoiceListQuery {
  currency?: DollrCurrency;
  status?: SourceStatus;
}

/** `POST /v1/invoices/{id}/items/add`. `amount` is taken to be the unit price (not documented). */
export interface InvoiceItemAddRequest {
  name: string;
  currency: DollrCurrency;
  qty: number;
  amount: DecimalString;
}

/** `PUT /v1/invoices/{id}/items/{item_id}/update`: a partial item. */
export type InvoiceItemUpdateRequest = Partial<InvoiceItemAddRequest>;

/** Item response shapes are not documented; `id` is (e.g. `7`). */
export interface InvoiceItem extends OpenFields {
  id: number;
  name?: string;
  currency?: string;
  qty?: number;
  amount?: DecimalString;
}

/**
 * An invoice. `id`, `status` and `total_amount` are documented; the detail (retrieve) adds
 * `invoice_items` and the embedded `counterparty`. The field holding the invoice number is not
 * documented, so it is left to the open fields.
 */
export interface Invoice extends OpenFields {
  id: number;
  status?: SourceStatus;
  total_amount?: DecimalString;
  currency?: string;
  invoice_items?: InvoiceItem[];
  counterparty?: Counterparty;
}

/**
 * `GET /v1/invoices/receipt/{id}` (only once PAID). The fee breakdown's field names are not
 * documented; fee amounts still arrive as decimal strings (see `json-codec.ts`).
 */
export interface InvoiceReceipt extends OpenFields {
  payer_amount?: DecimalString;
  payee_amount?: DecimalString;
  fx_rate?: DecimalString;
  fx_currency_from?: string;
  fx_currency_to?: string;
}
