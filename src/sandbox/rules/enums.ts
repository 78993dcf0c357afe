/** The Dollr enumerations the sandbox accepts (dollr-api.md §2). */

export const PAYMENT_METHODS = [
  'MTN_MOMO_LBR',
  'ORANGE_MONEY_LBR',
  'AIRTEL_RWA',
  'MTN_MOMO_RWA',
  'ORANGE_MONEY_RWA',
  'CREDIT_CARD',
  'WALLET',
] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PROVIDERS = ['PAWAPAY', 'STRIPE', 'PLATFORM'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const OPERATION_TYPES = ['COLLECTION', 'PAYOUT', 'TRANSFER', 'REFUND'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

/** The twelve values of the API pages; llms.txt's `OTHER` is refused (decision in README). */
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

/** `SUBSCRIPTION` exists in some OpenAPI enums but is not public: refused. */
export const SOURCE_TYPES = ['INVOICE', 'ORDER'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

export const OWNER_TYPES = ['USER', 'MICRO_ORGANIZATION', 'ORGANIZATION'] as const;
export type OwnerType = (typeof OWNER_TYPES)[number];

export const MERCHANT_TYPES = ['MICRO_ORGANIZATION', 'ORGANIZATION'] as const;
export type MerchantType = (typeof MERCHANT_TYPES)[number];

export const CHECKOUT_MODES = ['HOSTED'] as const;

export type ExecutionStatus = 'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED';
export type SourceStatus = 'IDLE' | 'ACTIVE' | 'PROCESSING' | 'PAID' | 'CANCELED';

export type Market = 'LR' | 'RW' | 'INTERNATIONAL' | 'INTERNAL';

interface MethodRoute {
  readonly provider: Provider;
  readonly market: Market;
  /** Currencies a payment through this method may be made in. */
  readonly currencies: readonly string[];
}

export const METHOD_ROUTES: Record<PaymentMethod, MethodRoute> = {
  MTN_MOMO_LBR: { provider: 'PAWAPAY', market: 'LR', currencies: ['USD', 'LRD'] },
  ORANGE_MONEY_LBR: { provider: 'PAWAPAY', market: 'LR', currencies: ['USD', 'LRD'] },
  AIRTEL_RWA: { provider: 'PAWAPAY', market: 'RW', currencies: ['RWF'] },
  MTN_MOMO_RWA: { provider: 'PAWAPAY', market: 'RW', currencies: ['RWF'] },
  ORANGE_MONEY_RWA: { provider: 'PAWAPAY', market: 'RW', currencies: ['RWF'] },
  CREDIT_CARD: { provider: 'STRIPE', market: 'INTERNATIONAL', currencies: ['USD'] },
  WALLET: { provider: 'PLATFORM', market: 'INTERNAL', currencies: ['USD', 'LRD', 'RWF'] },
};

export function isMobileMoney(method: PaymentMethod): boolean {
  return METHOD_ROUTES[method].provider === 'PAWAPAY';
}

export function isValidPair(method: PaymentMethod, provider: Provider): boolean {
  return METHOD_ROUTES[method].provider === provider;
}
