/** Currencies Dollr settles, with their minor units (decimal places). */
export const CURRENCIES = {
  USD: { minorUnits: 2 },
  LRD: { minorUnits: 2 },
  RWF: { minorUnits: 0 },
} as const;

export type CurrencyCode = keyof typeof CURRENCIES;

/** Markets Dollr serves by mobile money, and the currencies each accepts. */
export const MARKETS = {
  LR: { name: 'Liberia', callingCode: '231', currencies: ['USD', 'LRD'] },
  RW: { name: 'Rwanda', callingCode: '250', currencies: ['RWF'] },
} as const satisfies Record<
  string,
  { name: string; callingCode: string; currencies: readonly CurrencyCode[] }
>;

export type MarketCode = keyof typeof MARKETS;

export function isCurrencyCode(value: string): value is CurrencyCode {
  return Object.hasOwn(CURRENCIES, value);
}

export function isMarketCode(value: string): value is MarketCode {
  return Object.hasOwn(MARKETS, value);
}

export function minorUnitsOf(currency: CurrencyCode): number {
  return CURRENCIES[currency].minorUnits;
}
