import type { ExecutionResponse } from '../dollr/types';
import { toMinorUnits } from '../money/amount';
import type { CurrencyCode } from '../money/currency';

/**
 * The fees Dollr charged (platform + gateway + FX), in minor units of the payment's currency, or
 * null when the response does not give all of them in that currency.
 */
export function executionFees(response: ExecutionResponse, currency: CurrencyCode): bigint | null {
  const payerCurrency = response['payer_currency'];
  if (payerCurrency !== undefined && payerCurrency !== currency) return null;
  let total = 0n;
  for (const field of ['platform_fee', 'gateway_fee', 'fx_fee']) {
    const value = response[field];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') return null;
    try {
      total += toMinorUnits(value, currency);
    } catch {
      return null;
    }
  }
  return response['platform_fee'] === undefined && response['gateway_fee'] === undefined
    ? null
    : total;
}
