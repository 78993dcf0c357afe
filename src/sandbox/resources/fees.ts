import type { MerchantContext } from '../context';
import { parseQuery } from '../context';
import { notFound } from '../http/errors';
import { decimalNumber, isoTime } from '../http/json';
import { METHOD_ROUTES, OPERATION_TYPES, OWNER_TYPES, PAYMENT_METHODS } from '../rules/enums';
import {
  DEFAULT_TIER,
  FEE_TIERS,
  type FeeTier,
  findTier,
  FX_FEE_BPS,
  gatewayFeeBps,
} from '../rules/fees';
import { integerId, oneOf, text } from '../rules/validation';

/** Basis points as a percentage JSON number: 150 -> 1.50. */
function percentage(bps: number): unknown {
  return decimalNumber(`${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`);
}

/** Tiers are part of the fixed table; their timestamps are a fixed date. */
const TIER_DATE = isoTime(Date.UTC(2025, 0, 1));

function presentTier(tier: FeeTier): Record<string, unknown> {
  return {
    name: tier.name,
    is_default: tier.isDefault,
    platform_fee_percentages: Object.fromEntries(
      OPERATION_TYPES.map((operation) => [operation, percentage(tier.platformBps[operation])]),
    ),
    created_at: TIER_DATE,
    updated_at: TIER_DATE,
  };
}

export function handleGatewayFees(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, {
    payment_method: oneOf(PAYMENT_METHODS),
    operation_type: oneOf(OPERATION_TYPES),
  });
  return {
    payment_method: query.payment_method,
    gateway_provider: METHOD_ROUTES[query.payment_method].provider,
    operation_type: query.operation_type,
    percentage: percentage(gatewayFeeBps(query.payment_method, query.operation_type)),
    fixed_amount: decimalNumber('0'),
    fx_fee_percentage: percentage(FX_FEE_BPS),
  };
}

export function handlePlatformFees(ctx: MerchantContext): unknown {
  const query = parseQuery(ctx, { operation_type: oneOf(OPERATION_TYPES), fee_tier_name: text() });
  const tier = findTier(query.fee_tier_name);
  if (!tier) throw notFound('Fee tier');
  return {
    fee_tier_name: tier.name,
    operation_type: query.operation_type,
    percentage: percentage(tier.platformBps[query.operation_type]),
  };
}

/** Every merchant is on the default tier in the sandbox. */
export function handleMerchantTier(ctx: MerchantContext): unknown {
  parseQuery(ctx, { owner_type: oneOf(OWNER_TYPES), owner_id: integerId() });
  return presentTier(findTier(DEFAULT_TIER) as FeeTier);
}

export function handleTiers(): unknown {
  return FEE_TIERS.map(presentTier);
}
