import type { PaymentMethod } from './enums';

/**
 * Phones are E.164 digits without `+`. Liberia (231) and Rwanda (250) mobile numbers have nine
 * national digits; other countries are checked against the E.164 length only.
 */
export type PhoneProblem = 'invalid phone' | 'invalid phone length';

const NATIONAL_LENGTH: Record<string, number> = { '231': 9, '250': 9 };

export function phoneProblem(phone: string): PhoneProblem | undefined {
  if (!/^\d+$/.test(phone) || phone.startsWith('0')) return 'invalid phone';
  if (phone.length < 8 || phone.length > 15) return 'invalid phone length';
  for (const [countryCode, length] of Object.entries(NATIONAL_LENGTH)) {
    if (phone.startsWith(countryCode) && phone.length !== countryCode.length + length) {
      return 'invalid phone length';
    }
  }
  return undefined;
}

/** Mobile network prefixes (country code + first two national digits) -> payment method. */
const MMO_PREFIXES: ReadonlyArray<readonly [string, PaymentMethod]> = [
  ['23188', 'MTN_MOMO_LBR'],
  ['23155', 'MTN_MOMO_LBR'],
  ['23177', 'ORANGE_MONEY_LBR'],
  ['25078', 'MTN_MOMO_RWA'],
  ['25079', 'MTN_MOMO_RWA'],
  ['25072', 'AIRTEL_RWA'],
  ['25073', 'AIRTEL_RWA'],
];

export function predictMobileMoneyMethod(phone: string): PaymentMethod | undefined {
  return MMO_PREFIXES.find(([prefix]) => phone.startsWith(prefix))?.[1];
}

/** The country a phone belongs to, when it is one of Dollr's markets. */
export function phoneCountry(phone: string): 'LR' | 'RW' | undefined {
  if (phone.startsWith('231')) return 'LR';
  if (phone.startsWith('250')) return 'RW';
  return undefined;
}

/**
 * What the simulated operator does with a payment to or from a number, chosen by its last three
 * digits (documented in README.md, "Test phone numbers").
 */
export interface PhoneScenario {
  readonly outcome: 'COMPLETED' | 'FAILED';
  /** normal: settles after `processingMs`; slow: after `slowProcessingMs`; manual: never by itself. */
  readonly pace: 'normal' | 'slow' | 'manual';
  readonly gatewayMessage: string;
}

export const GATEWAY_MESSAGES = {
  completed: 'Transaction completed successfully',
  payerDeclined: 'Payer declined the transaction',
  payerInsufficientFunds: 'Insufficient funds in payer account',
  operatorError: 'Mobile network operator error',
  operatorTimeout: 'Transaction timed out at the mobile network operator',
  walletInsufficient: 'Insufficient merchant wallet balance',
  invalidPasscode: 'Invalid passcode',
  cardDeclined: 'Card declined',
  awaitingAction: 'Awaiting customer authentication',
} as const;

const SCENARIOS: Record<string, PhoneScenario> = {
  '901': { outcome: 'FAILED', pace: 'normal', gatewayMessage: GATEWAY_MESSAGES.payerDeclined },
  '902': {
    outcome: 'FAILED',
    pace: 'normal',
    gatewayMessage: GATEWAY_MESSAGES.payerInsufficientFunds,
  },
  '903': { outcome: 'FAILED', pace: 'normal', gatewayMessage: GATEWAY_MESSAGES.operatorError },
  '904': { outcome: 'COMPLETED', pace: 'slow', gatewayMessage: GATEWAY_MESSAGES.completed },
  '905': { outcome: 'FAILED', pace: 'slow', gatewayMessage: GATEWAY_MESSAGES.operatorTimeout },
  '909': { outcome: 'COMPLETED', pace: 'manual', gatewayMessage: GATEWAY_MESSAGES.completed },
};

const DEFAULT_SCENARIO: PhoneScenario = {
  outcome: 'COMPLETED',
  pace: 'normal',
  gatewayMessage: GATEWAY_MESSAGES.completed,
};

export function phoneScenario(phone: string | null): PhoneScenario {
  if (phone === null) return DEFAULT_SCENARIO;
  return SCENARIOS[phone.slice(-3)] ?? DEFAULT_SCENARIO;
}

/**
 * Numbers ending in 906: Dollr deactivates each of their payment accounts the first time it is
 * used, so every session or execution with one is refused as not active (a new account too).
 */
export function accountsDeactivatedOnUse(phone: string | null): boolean {
  return phone !== null && phone.endsWith('906');
}
