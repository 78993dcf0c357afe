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

/** The JSON body of a `batch.paused` event, from the audit entry of the pause. */
export function batchPausedEventBody(
  eventId: string,
  pause: {
    readonly at: Date;
    readonly actor: string;
    readonly subjectId: number | null;
    readonly importId: number | null;
    readonly details: Record<string, unknown>;
  },
): string {
  const reason = pause.details['reason'];
  return JSON.stringify({
    event_id: eventId,
    type: 'batch.paused',
    occurred_at: pause.at.toISOString(),
    data: {
      batch_id: pause.subjectId,
      import_id: pause.importId,
      status: 'PAUSED',
      reason: typeof reason === 'string' ? reason : null,
      paused_by: pause.actor,
    },
  });
}
