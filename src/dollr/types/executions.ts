import type { DecimalString, DollrPhone, OpenFields } from './common';
import type { DollrCurrency, ExecutionStatus, OperationType } from './enums';

/**
 * Execution bodies (§4.8). Unlike everywhere else, `session_id` and `payment_account_id` are
 * STRINGS here (§1.4). `reference_id` is a caller-generated UUID v4, stored before the call.
 */
export interface CollectionExecutionRequest {
  session_id: string;
  payment_account_id: string;
  /** The PAYER's currency (the prediction's `target_currency`), which may differ from the invoice's. */
  currency: DollrCurrency;
  reference_id: string;
}

/**
 * `payout_account_id` is "integer" in the conventions page but a string in every example (§9.3);
 * the client sends a string, like `session_id`.
 */
export interface PayoutExecutionRequest {
  session_id: string;
  payout_account_id: string;
  reference_id: string;
  passcode: PayoutPasscode;
}

export interface TransferExecutionRequest {
  session_id: string;
  reference_id: string;
}

export interface RefundExecutionRequest {
  session_id: string;
  reference_id: string;
}

/** The merchant's payout authorisation. Never log it. */
export interface PayoutPasscode {
  token: PayoutPasscodeToken;
  device: PayoutDevice;
}

/** `code` plus one of `phone` or `user_id`, depending on the merchant's account setup. */
export interface PayoutPasscodeToken {
  code: string;
  phone?: DollrPhone;
  user_id?: string;
}

export interface PayoutDevice {
  name: string;
  /** e.g. `SERVER`, `MOBILE`. */
  type: string;
  /** e.g. `NODE`, `IOS`. */
  platform: string;
  user_agent: string;
  client_ip: string;
}

/** Returned by the four execute endpoints and by the status endpoints. */
export interface ExecutionResponse extends OpenFields {
  reference_id: string;
  status: ExecutionStatus;
  operation_type?: OperationType;
  payer_amount?: DecimalString;
  payee_amount?: DecimalString;
  provider_transaction_id?: string | null;
  /** `true` when a card payment needs 3DS in the browser; poll status afterwards. */
  requires_action?: boolean;
  /** Stripe PaymentIntent secret for card 3DS (`pi_…_secret_…`). */
  client_secret?: string | null;
  gateway_message?: string | null;
}
