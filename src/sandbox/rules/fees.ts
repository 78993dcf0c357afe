import type { FeeBearer, OperationType, PaymentMethod } from './enums';
import { isMobileMoney } from './enums';
import { type Currency, divideRounded, minorUnitsOf } from './money';

/**
 * The sandbox's fixed fee and FX table (README.md, "Fees and FX"). Rates are basis points
 * (1 bp = 0.01 %). Every result is an exact integer of minor units, rounded half away from zero
 * once per component.
 */

export interface FeeTier {
  readonly name: string;
  readonly isDefault: boolean;
  readonly platformBps: Record<OperationType, number>;
}

export const FEE_TIERS: readonly FeeTier[] = [
  {
    name: 'default',
    isDefault: true,
    platformBps: { COLLECTION: 100, PAYOUT: 50, TRANSFER: 25, REFUND: 0 },
  },
  {
    name: 'growth',
    isDefault: false,
    platformBps: { COLLECTION: 75, PAYOUT: 25, TRANSFER: 0, REFUND: 0 },
  },
];

export const DEFAULT_TIER = 'default';

export function findTier(name: string): FeeTier | undefined {
  return FEE_TIERS.find((tier) => tier.name === name);
}

export function platformFeeBps(operation: OperationType, tierName = DEFAULT_TIER): number {
  return (findTier(tierName) ?? FEE_TIERS[0]).platformBps[operation];
}

export function gatewayFeeBps(method: PaymentMethod, operation: OperationType): number {
  if (operation === 'REFUND' || operation === 'TRANSFER') return 0;
  if (method === 'WALLET') return 0;
  if (method === 'CREDIT_CARD') return 290;
  if (isMobileMoney(method)) return operation === 'COLLECTION' ? 200 : 150;
  return 0;
}

/** Charged on the converted amount when the payer's currency differs from the payee's. */
export const FX_FEE_BPS = 150;

/** An exchange rate as an exact ratio: `numerator / denominator` units of `to` per unit of `from`. */
export interface FxRate {
  readonly from: Currency;
  readonly to: Currency;
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** Units of each currency per 1 USD. */
const PER_USD: Record<Currency, bigint> = { USD: 1n, LRD: 190n, RWF: 1400n };

export function fxRate(from: Currency, to: Currency): FxRate {
  return { from, to, numerator: PER_USD[to], denominator: PER_USD[from] };
}

/** The rate as text with at most eight decimals ("190", "0.00526316"). */
export function formatRate(rate: FxRate): string {
  const scaled = divideRounded(rate.numerator * 10n ** 8n, rate.denominator);
  const whole = scaled / 10n ** 8n;
  const fraction = (scaled % 10n ** 8n).toString().padStart(8, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole.toString();
}

/** Converts minor units of `rate.from` into minor units of `rate.to`. */
export function convert(minor: bigint, rate: FxRate): bigint {
  const scaleTo = 10n ** BigInt(minorUnitsOf(rate.to));
  const scaleFrom = 10n ** BigInt(minorUnitsOf(rate.from));
  return divideRounded(minor * rate.numerator * scaleTo, rate.denominator * scaleFrom);
}

function invert(rate: FxRate): FxRate {
  return fxRate(rate.to, rate.from);
}

function bps(minor: bigint, basisPoints: number): bigint {
  return divideRounded(minor * BigInt(basisPoints), 10_000n);
}

export interface QuoteInput {
  /** What the payee is owed (the source total, or the payout amount), in `baseCurrency`. */
  readonly baseMinor: bigint;
  readonly baseCurrency: Currency;
  /** The payer's currency. */
  readonly targetCurrency: Currency;
  readonly method: PaymentMethod;
  readonly operation: OperationType;
  readonly feeBearer: FeeBearer;
  readonly tier?: string;
}

/** Fees are in the payer's currency; §7 of dollr-api.md. */
export interface Quote {
  readonly payerMinor: bigint;
  readonly payerCurrency: Currency;
  readonly payeeMinor: bigint;
  readonly payeeCurrency: Currency;
  readonly platformFeeMinor: bigint;
  readonly gatewayFeeMinor: bigint;
  readonly fxFeeMinor: bigint;
  readonly rate: FxRate;
}

/**
 * PAYER bears fees: the payer pays the converted total plus fees, the payee receives the total.
 * PAYEE bears fees: the payer pays the converted total, the payee receives the total minus the fees
 * converted back into its currency.
 */
export function quote(input: QuoteInput): Quote {
  const rate = fxRate(input.baseCurrency, input.targetCurrency);
  const converted = convert(input.baseMinor, rate);
  const platformFeeMinor = bps(converted, platformFeeBps(input.operation, input.tier));
  const gatewayFeeMinor = bps(converted, gatewayFeeBps(input.method, input.operation));
  const fxFeeMinor =
    input.baseCurrency === input.targetCurrency || input.operation === 'REFUND'
      ? 0n
      : bps(converted, FX_FEE_BPS);
  const fees = platformFeeMinor + gatewayFeeMinor + fxFeeMinor;
  const common = {
    payerCurrency: input.targetCurrency,
    payeeCurrency: input.baseCurrency,
    platformFeeMinor,
    gatewayFeeMinor,
    fxFeeMinor,
    rate,
  };
  switch (input.feeBearer) {
    case 'PAYER':
      return { ...common, payerMinor: converted + fees, payeeMinor: input.baseMinor };
    case 'PAYEE':
      return {
        ...common,
        payerMinor: converted,
        payeeMinor: input.baseMinor - convert(fees, invert(rate)),
      };
  }
}
