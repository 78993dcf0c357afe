import type { PaymentAccountEntity } from '../counterparties/entities/payment-account.entity';
import type { PaymentAttemptEntity } from './entities/payment-attempt.entity';
import type { PaymentEntity, PaymentStatus } from './entities/payment.entity';

/** What a step may change on an attempt that is not final yet. */
export type AttemptChanges = Partial<
  Pick<
    PaymentAttemptEntity,
    | 'state'
    | 'dollrSessionId'
    | 'sessionExpiresAt'
    | 'sessionAccountId'
    | 'sendCount'
    | 'lastSentAt'
    | 'gatewayMessage'
    | 'error'
    | 'payerAmountMinor'
    | 'payeeAmountMinor'
    | 'providerTransactionId'
  >
>;

/** A payment's final status and what Dollr said of it. */
export interface FinalOutcome {
  readonly state: 'COMPLETED' | 'FAILED';
  /** Why it FAILED (stored redacted); null when COMPLETED. */
  readonly reason: string | null;
  readonly feeMinor: bigint | null;
}

/**
 * Every database read and write of the executor, each one a single statement or transaction whose
 * conditions (the payment still PENDING, still PROCESSING, the send count unchanged) are what keep
 * two workers from both acting on one payment. The executor decides; the store records.
 */
export abstract class PaymentAttemptStore {
  /**
   * Moves the payment from PENDING to PROCESSING with a new attempt under `referenceId`, both in
   * one transaction, before anything is sent. Null when the payment was no longer PENDING
   * (canceled meanwhile): nothing was written.
   */
  abstract openAttempt(
    payment: PaymentEntity,
    target: { readonly payeeId: number; readonly paymentAccountId: number },
    referenceId: string,
    worker: string,
    now: Date,
  ): Promise<PaymentAttemptEntity | null>;

  /** PENDING to PROCESSING, to go on with its unresolved attempt; false if it was not PENDING. */
  abstract resumeProcessing(paymentId: number, now: Date): Promise<boolean>;

  /** The payment's latest attempt, or null when it has none. */
  abstract latestAttempt(paymentId: number): Promise<PaymentAttemptEntity | null>;

  /**
   * A PROCESSING payment whose attempt certainly moved nothing goes back to PENDING, or to
   * CANCELED when its batch was canceled: the batch's status is read under a lock, so a cancel
   * cannot slip in between.
   */
  abstract park(payment: PaymentEntity, now: Date): Promise<void>;

  abstract updateAttempt(attemptId: number, changes: AttemptChanges): Promise<void>;

  /**
   * Takes back the latest send of the attempt (it certainly moved nothing) only if no other send
   * was counted since: false when the send count is no longer `sendCount`.
   */
  abstract takeBackSend(
    attemptId: number,
    sendCount: number,
    previousSentAt: Date | null,
  ): Promise<boolean>;

  /**
   * The attempt's final state and the payment's, written together; false (and the attempt's
   * state written all the same) when the payment was no longer PROCESSING.
   */
  abstract finish(
    payment: PaymentEntity,
    attempt: PaymentAttemptEntity,
    outcome: FinalOutcome,
    now: Date,
  ): Promise<boolean>;

  /**
   * A PENDING payment reaches a status without an execution of ours (an invoice paid through its
   * link, canceled on Dollr, or awaiting payment): nothing was sent for it.
   */
  abstract settleUnsent(
    paymentId: number,
    status: PaymentStatus,
    reason: string | null,
    now: Date,
  ): Promise<void>;

  /**
   * The payment of the same batch that reached COMPLETED or FAILED most recently before this one
   * did, with Dollr's message for it; null when there is none.
   */
  abstract lastFinishedBefore(
    payment: PaymentEntity,
  ): Promise<{ readonly status: PaymentStatus; readonly message: string | null } | null>;

  abstract paymentAccount(id: number): Promise<PaymentAccountEntity | null>;

  /**
   * How long (ms) the latest attempts (at most `limit`) of this operation, method and provider
   * took from their only send to being seen COMPLETED, among those resolved since `since`.
   */
  abstract recentSettleTimes(
    route: {
      readonly operation: 'PAYOUT' | 'COLLECTION';
      readonly method: string;
      readonly provider: string;
    },
    since: Date,
    limit: number,
  ): Promise<number[]>;

  /** The payment sends with this account from now on (its previous one was re-created). */
  abstract usePaymentAccount(paymentId: number, accountId: number): Promise<void>;
}
