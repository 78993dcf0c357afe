import { fromMinorUnits } from '../money/amount';
import type { PaymentEntity } from '../payments/entities/payment.entity';

/**
 * What makes a payment's event unique (with the payment): its final status, and for a failure of
 * a retried payment (`batch retry-failed`) the attempt too, so each failed attempt is announced.
 * A first failure keeps the plain status, as do COMPLETED and CANCELED, which happen once.
 */
export function finalStatusKey(status: string, attemptCount: number): string {
  return status === 'FAILED' && attemptCount > 1 ? `FAILED#${attemptCount}` : status;
}

/** The JSON body of a payment's final-status event. Money is a decimal string, times are UTC. */
export function paymentEventBody(
  eventId: string,
  payment: PaymentEntity,
  importId: number | null,
): { type: string; body: string } {
  const type = `payment.${payment.status.toLowerCase()}`;
  const money = (minor: bigint | null): string | null =>
    minor === null ? null : fromMinorUnits(minor, payment.currency);
  const body = {
    event_id: eventId,
    type,
    occurred_at: payment.statusChangedAt.toISOString(),
    data: {
      payment_id: payment.id,
      batch_id: payment.batchId,
      import_id: importId,
      row_number: payment.rowNumber,
      external_ref: payment.externalRef,
      amount: money(payment.amountMinor),
      currency: payment.currency,
      status: payment.status,
      attempt: payment.attemptCount,
      reference_id: payment.referenceId,
      provider_transaction_id: payment.providerTransactionId,
      fees: money(payment.feeMinor),
      settled_amount: money(payment.payeeAmountMinor),
      reason: payment.reason,
      completed_at: payment.completedAt?.toISOString() ?? null,
    },
  };
  return { type, body: JSON.stringify(body) };
}
