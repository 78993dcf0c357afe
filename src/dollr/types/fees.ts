import type { OpenFields } from './common';
import type { OperationType, PaymentMethod } from './enums';

/** `GET /v1/fees/gateway` (§4.12); the response is not documented. */
export interface GatewayFeesQuery {
  payment_method: PaymentMethod;
  operation_type: OperationType;
}

/** `GET /v1/fees/platform`; the response is not documented. */
export interface PlatformFeesQuery {
  operation_type: OperationType;
  /** e.g. `default`. */
  fee_tier_name: string;
}

/** An entry of `GET /v1/fees/tiers`. Timestamps are mentioned but not named, so left open. */
export interface FeeTier extends OpenFields {
  name: string;
  is_default: boolean;
}
