import type { DecimalString, DollrPhone, OpenFields } from './common';
import type {
  DollrCurrency,
  FeeBearer,
  GatewayProvider,
  OperationType,
  OwnerType,
  PaymentMethod,
  SourceType,
} from './enums';

/** `GET /v1/predictions/mmo-provider-info` (§4.11). */
export interface MmoProviderInfoQuery {
  phone: DollrPhone;
  operation_type: OperationType;
}

/**
 * The predictions page names the fields `payment_method`/`gateway_provider`, another page says
 * `method`/`provider` (§9.2). Both are typed; `mmoRouting()` picks whichever is present.
 */
export interface MmoProviderInfo extends OpenFields {
  payment_method?: PaymentMethod;
  gateway_provider?: GatewayProvider;
  method?: PaymentMethod;
  provider?: GatewayProvider;
}

/** `GET /v1/predictions/amount-and-fees`. */
export interface AmountAndFeesQuery {
  base_amount: DecimalString;
  base_currency: DollrCurrency;
  target_currency: DollrCurrency;
  payment_method: PaymentMethod;
  operation_type: OperationType;
  provider: GatewayProvider;
  fee_bearer: FeeBearer;
  owner_type?: OwnerType;
  owner_id?: number;
}

export interface AmountAndFees extends OpenFields {
  payer_amount: DecimalString;
  payer_currency: string;
  payee_amount: DecimalString;
  payee_currency: string;
  platform_fee: DecimalString;
  gateway_fee: DecimalString;
  fx_fee: DecimalString;
}

/** `GET /v1/predictions/payment-source/amount-and-fees`: published sources only. */
export interface PaymentSourceAmountAndFeesQuery {
  source_type: SourceType;
  source_id: number;
  target_currency: DollrCurrency;
  payment_method: PaymentMethod;
  provider: GatewayProvider;
}

/** Not listed separately in the docs; the amount-and-fees fields are inferred, hence optional. */
export type PaymentSourceAmountAndFees = Partial<AmountAndFees> & OpenFields;
