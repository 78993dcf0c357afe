import type { DecimalString, IsoTimestamp, OpenFields } from './common';
import type { DollrCurrency, SourceType } from './enums';

/** `POST /v1/sessions/checkout` (§4.7): ids are integers here. */
export interface CheckoutSessionRequest {
  source_id: number;
  source_type: SourceType;
}

/** `POST /v1/sessions/payout`. Do not send `wallet_id` or `expires_at`: Dollr chooses them. */
export interface PayoutSessionRequest {
  payout_account_id: number;
  amount: DecimalString;
  currency: DollrCurrency;
}

/** `POST /v1/sessions/transfer`. The id types are not documented; integers are inferred. */
export interface TransferSessionRequest {
  from_wallet_id: number;
  to_counterparty_id: number;
  amount: DecimalString;
  currency: DollrCurrency;
  /** Chosen by the client. */
  expires_at: IsoTimestamp;
}

/** `POST /v1/sessions/refund`. */
export interface RefundSessionRequest {
  original_payment_intent_id: number;
  amount: DecimalString;
  /** Chosen by the client. */
  expires_at: IsoTimestamp;
  reason?: string;
}

/** Every session response has an integer `id` (e.g. `55`). */
export interface Session extends OpenFields {
  id: number;
}

export interface PayoutSession extends Session {
  /** The deadline for the payout execution. */
  expires_at?: IsoTimestamp;
  /** The merchant wallet Dollr will debit. */
  wallet_id?: number;
}
