/**
 * Dollr enumerations (dollr-api.md §2), as string-literal unions exactly as they travel on the wire.
 */

export type PaymentMethod =
  | 'MTN_MOMO_LBR'
  | 'ORANGE_MONEY_LBR'
  | 'AIRTEL_RWA'
  | 'MTN_MOMO_RWA'
  | 'ORANGE_MONEY_RWA'
  | 'CREDIT_CARD'
  | 'WALLET';

/** The routing network (`provider`, called `gateway_provider` in predictions). */
export type GatewayProvider = 'PAWAPAY' | 'STRIPE' | 'PLATFORM';

export type OperationType = 'COLLECTION' | 'PAYOUT' | 'TRANSFER' | 'REFUND';

/** What the payee or payer is to the merchant. */
export const RELATIONSHIP_TYPES = [
  'CUSTOMER',
  'SUPPLIER',
  'EMPLOYEE',
  'BENEFICIARY',
  'FRIEND',
  'FAMILY',
  'DONOR',
  'DONEE',
  'CONTACT',
  'SERVICE_PROVIDER',
  'PARTNER',
  'SELF',
] as const;
export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];

export const FEE_BEARERS = ['PAYER', 'PAYEE'] as const;
export type FeeBearer = (typeof FEE_BEARERS)[number];

/**
 * An invoice or an order. Sent as `source_kind` on checkouts/create only and as `source_type`
 * everywhere else (§1.5). `SUBSCRIPTION` exists in Dollr's enums but is not publicly available, so
 * it is left out on purpose.
 */
export type SourceType = 'INVOICE' | 'ORDER';

/** Only `HOSTED` is published; other modes are by arrangement with Dollr. */
export type CheckoutMode = 'HOSTED';

export type ExecutionStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** Invoice/order lifecycle. Note Dollr's single-L `CANCELED`. */
export type SourceStatus = 'IDLE' | 'ACTIVE' | 'PROCESSING' | 'PAID' | 'CANCELED';

export type OwnerType = 'USER' | 'MICRO_ORGANIZATION' | 'ORGANIZATION';

/** ISO 4217 currencies Dollr documents (USD, LRD for Liberia; RWF for Rwanda). */
export type DollrCurrency = 'USD' | 'LRD' | 'RWF';

export type DollrCountryCode = 'LR' | 'RW';
