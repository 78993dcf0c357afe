import type { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import type { ExecutionResponse, GatewayProvider, PaymentMethod } from '../dollr/types';
import type { PaymentEntity } from './entities/payment.entity';

/** What the executor and its channels need to know of a payment's batch. */
export interface PaymentBatch {
  /** PAYOUT batches pay people; INVOICE batches collect invoices. */
  readonly kind: 'PAYOUT' | 'INVOICE';
  /** The relationship its payees have with the merchant on Dollr (EMPLOYEE, SUPPLIER, CUSTOMER…). */
  readonly relationshipType: string;
}

/**
 * The payment cannot take its next step yet, because another worker is preparing what it needs
 * (an invoice being created on Dollr): it is looked at again after `retryInMs`.
 */
export class PaymentNotReadyError extends Error {
  constructor(
    message: string,
    readonly retryInMs: number,
  ) {
    super(message);
  }
}

/**
 * The payment account a payment is sent with: its payee's phone, method and provider, for one
 * operation. Its method and provider come from pre-flight (a payout) or the import (a collection).
 */
export function accountRoute(payment: PaymentEntity, operation: 'PAYOUT' | 'COLLECTION') {
  if (payment.method === null || payment.provider === null) {
    throw new Error(`payment ${payment.id} has no method: run the batch's pre-flight first`);
  }
  return {
    phone: payment.phone,
    method: payment.method as PaymentMethod,
    provider: payment.provider as GatewayProvider,
    operation,
  };
}

/** What a payment needs on Dollr before an attempt can be made. */
export interface PreparedPayment {
  readonly payeeId: number;
  readonly account: PaymentAccountEntity;
}

/**
 * What differs between moving money out (payouts) and in (collections of invoices); the
 * exactly-once machinery around it (attempts, reference ids, polls, leases) is the same and lives
 * in PaymentExecutor.
 */
export interface ExecutionChannel {
  readonly operation: 'PAYOUT' | 'COLLECTION';
  /** The word used in messages: "payout", "collection". */
  readonly noun: string;

  /**
   * Syncs what Dollr needs (party, counterparty, invoice, payment account). Returns null when the
   * payment needs no execution from the connector; the channel has then recorded its status.
   */
  prepare(
    payment: PaymentEntity,
    batch: PaymentBatch,
    worker: string,
    now: Date,
  ): Promise<PreparedPayment | null>;

  /** A new Dollr session for the payment; its deadline when Dollr gives one. */
  openSession(
    payment: PaymentEntity,
    dollrAccountId: number,
  ): Promise<{ readonly id: number; readonly expiresAt: Date | null }>;

  /** Sends the execution under this reference_id. */
  execute(
    payment: PaymentEntity,
    sessionId: number,
    dollrAccountId: number,
    referenceId: string,
  ): Promise<ExecutionResponse>;

  /** Called once the payment's final status is committed. */
  finished(payment: PaymentEntity, state: 'COMPLETED' | 'FAILED', now: Date): Promise<void>;
}
