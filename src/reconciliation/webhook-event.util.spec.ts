import type { PaymentEntity } from '../payments/entities/payment.entity';
import { finalStatusKey, paymentEventBody } from './webhook-event.util';

describe('paymentEventBody', () => {
  const payment = {
    id: 7,
    batchId: 3,
    rowNumber: 4,
    externalRef: 'E004',
    amountMinor: 15050n,
    currency: 'USD',
    status: 'COMPLETED',
    attemptCount: 1,
    referenceId: '0b6c4f0e-8a3e-4d43-9d0b-1c2f3a4b5c6d',
    providerTransactionId: 'PT-1',
    feeMinor: 301n,
    payeeAmountMinor: 15050n,
    reason: null,
    statusChangedAt: new Date('2026-11-28T10:00:05.123Z'),
    completedAt: new Date('2026-11-28T10:00:05.123Z'),
  } as unknown as PaymentEntity;

  it('carries the payment, its import and row, and exact money as text', () => {
    const { type, body } = paymentEventBody('ev-1', payment, 2);
    expect(type).toBe('payment.completed');
    expect(JSON.parse(body)).toEqual({
      event_id: 'ev-1',
      type: 'payment.completed',
      occurred_at: '2026-11-28T10:00:05.123Z',
      data: {
        payment_id: 7,
        batch_id: 3,
        import_id: 2,
        row_number: 4,
        external_ref: 'E004',
        amount: '150.50',
        currency: 'USD',
        status: 'COMPLETED',
        attempt: 1,
        reference_id: '0b6c4f0e-8a3e-4d43-9d0b-1c2f3a4b5c6d',
        provider_transaction_id: 'PT-1',
        fees: '3.01',
        settled_amount: '150.50',
        reason: null,
        completed_at: '2026-11-28T10:00:05.123Z',
      },
    });
  });

  it('names failures and cancellations by their status', () => {
    const failed = { ...payment, status: 'FAILED', reason: 'payer declined' } as PaymentEntity;
    expect(paymentEventBody('ev-2', failed, 2).type).toBe('payment.failed');
    const canceled = { ...payment, status: 'CANCELED' } as PaymentEntity;
    expect(paymentEventBody('ev-3', canceled, 2).type).toBe('payment.canceled');
  });
});

describe('finalStatusKey', () => {
  it('announces each failed attempt of a retried payment, and every other final status once', () => {
    expect(finalStatusKey('FAILED', 1)).toBe('FAILED');
    expect(finalStatusKey('FAILED', 2)).toBe('FAILED#2');
    expect(finalStatusKey('FAILED', 3)).toBe('FAILED#3');
    expect(finalStatusKey('COMPLETED', 2)).toBe('COMPLETED');
    expect(finalStatusKey('CANCELED', 0)).toBe('CANCELED');
  });
});
