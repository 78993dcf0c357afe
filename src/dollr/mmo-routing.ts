import { DollrUnexpectedResponseError } from './errors';
import type { GatewayProvider, MmoProviderInfo, PaymentMethod } from './types';

export interface MmoRouting {
  readonly method: PaymentMethod;
  readonly provider: GatewayProvider;
}

/**
 * The method and provider from an MMO prediction, for a payment account's `method`/`provider`.
 * The docs name the fields `payment_method`/`gateway_provider` on one page and `method`/`provider`
 * on another (§9.2); the first pair wins when both are present.
 */
export function mmoRouting(info: MmoProviderInfo): MmoRouting {
  const method = info.payment_method ?? info.method;
  const provider = info.gateway_provider ?? info.provider;
  if (method === undefined || provider === undefined) {
    throw new DollrUnexpectedResponseError(
      'the MMO prediction names no payment method and provider for this phone',
      { operation: 'predictions.mmoProviderInfo' },
    );
  }
  return { method, provider };
}
