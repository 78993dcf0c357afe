import type { InvoiceReceipt } from '../dollr/types';
import { toMinorUnits } from '../money/amount';
import { type CurrencyCode, isCurrencyCode } from '../money/currency';

/** What the connector keeps of a receipt: amounts in minor units of their currencies. */
export interface ReceiptFigures {
  readonly payerAmountMinor: bigint | null;
  readonly payerCurrency: CurrencyCode | null;
  readonly payeeAmountMinor: bigint | null;
  readonly payeeCurrency: CurrencyCode | null;
  readonly platformFeeMinor: bigint | null;
  readonly gatewayFeeMinor: bigint | null;
  readonly fxFeeMinor: bigint | null;
  readonly feeCurrency: CurrencyCode | null;
  readonly fxRate: string | null;
  readonly provider: string | null;
  readonly providerTransactionId: string | null;
  readonly paidAt: Date | null;
}

/**
 * Reads a receipt. The documented fields are the amounts and FX; the currencies and fee names
 * follow the predictions (`payer_currency`, `payee_currency`, `platform_fee` …). When the payer
 * currency is not given, FX says it (`fx_currency_to`), else it is the invoice's. A field that is
 * missing or unreadable stays null rather than being guessed.
 */
export function receiptFigures(
  receipt: InvoiceReceipt,
  invoiceCurrency: CurrencyCode,
): ReceiptFigures {
  const payerCurrency =
    currencyOf(receipt.payer_currency) ?? currencyOf(receipt.fx_currency_to) ?? invoiceCurrency;
  const payeeCurrency =
    currencyOf(receipt.payee_currency) ?? currencyOf(receipt.fx_currency_from) ?? invoiceCurrency;
  const feeCurrency = currencyOf(receipt.fee_currency) ?? payerCurrency;
  const paidAt = typeof receipt.paid_at === 'string' ? new Date(receipt.paid_at) : null;
  return {
    payerAmountMinor: minor(receipt.payer_amount, payerCurrency),
    payerCurrency,
    payeeAmountMinor: minor(receipt.payee_amount, payeeCurrency),
    payeeCurrency,
    platformFeeMinor: minor(receipt.platform_fee, feeCurrency),
    gatewayFeeMinor: minor(receipt.gateway_fee, feeCurrency),
    fxFeeMinor: minor(receipt.fx_fee, feeCurrency),
    feeCurrency,
    fxRate: decimalText(receipt.fx_rate),
    provider: text(receipt.provider, 32),
    providerTransactionId: text(receipt.provider_transaction_id, 100),
    paidAt: paidAt !== null && !Number.isNaN(paidAt.getTime()) ? paidAt : null,
  };
}

function currencyOf(value: unknown): CurrencyCode | null {
  return typeof value === 'string' && isCurrencyCode(value) ? value : null;
}

function minor(value: unknown, currency: CurrencyCode): bigint | null {
  const textValue = decimalText(value);
  if (textValue === null) return null;
  try {
    return toMinorUnits(textValue, currency);
  } catch {
    return null;
  }
}

function decimalText(value: unknown): string | null {
  const textValue = typeof value === 'number' ? String(value) : value;
  return typeof textValue === 'string' && /^-?\d+(\.\d+)?$/.test(textValue) ? textValue : null;
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value !== '' ? value.slice(0, max) : null;
}

/** The fee figures of a stored receipt (the receipt's, or an invoice's receipt columns). */
export interface ReceiptFees {
  readonly platformFeeMinor: bigint | null;
  readonly gatewayFeeMinor: bigint | null;
  readonly fxFeeMinor: bigint | null;
  readonly feeCurrency: CurrencyCode | null;
}

/**
 * The receipt's fees (platform + gateway + FX) as a payment's fee in `currency`, as an execution's
 * are read: null when the fees are in another currency (a payer who paid in LRD for a USD
 * invoice: no rate turns them into the payment's currency exactly) or when Dollr gave none.
 */
export function receiptFeeIn(receipt: ReceiptFees, currency: CurrencyCode): bigint | null {
  if (receipt.feeCurrency !== currency) return null;
  if (receipt.platformFeeMinor === null && receipt.gatewayFeeMinor === null) return null;
  return (
    (receipt.platformFeeMinor ?? 0n) + (receipt.gatewayFeeMinor ?? 0n) + (receipt.fxFeeMinor ?? 0n)
  );
}
