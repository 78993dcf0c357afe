import type { DollrPhone, OpenFields } from './common';
import type { DollrCountryCode, GatewayProvider, PaymentMethod } from './enums';

/**
 * `POST /v1/payment-accounts/create?operation_type=…` (§4.10). `provider` is the routing network
 * (`PAWAPAY` for mobile money) as the MMO prediction returns it, not the method name some examples
 * send (§9.1).
 */
export interface PaymentAccountCreateRequest {
  account_name: string;
  provider: GatewayProvider;
  method: PaymentMethod;
  party_id: number;
  /** Mobile money only. */
  country_code?: DollrCountryCode;
  /** The wallet phone, mobile money only; omit for cards. */
  insensitive_account_number?: DollrPhone;
}

export interface PaymentAccount extends OpenFields {
  id: number;
  is_active?: boolean;
}
