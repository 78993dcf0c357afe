import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MinorUnitsColumn, UtcDateTimeColumn } from '../../database/columns';
import type { CurrencyCode } from '../../money/currency';

/**
 * PENDING: not sent yet. PROCESSING: an attempt is in flight or its outcome is being resolved.
 * COMPLETED / FAILED: Dollr's final word. CANCELED: canceled before it was sent. REJECTED: refused
 * by pre-flight (unsupported operator, below a minimum): not part of the batch.
 * AWAITING_PAYMENT (invoices only): published with a payment link for the customer to pay
 * (hosted checkout); `invoices sync` makes it COMPLETED once Dollr has it PAID.
 */
export const PAYMENT_STATUSES = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'REJECTED',
  'AWAITING_PAYMENT',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * One payout to one payee (from one import row), paid at most once; or, in an invoice batch, the
 * collection of one invoice (from its first line's row).
 */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  @Column({ name: 'import_row_id', type: 'integer' })
  importRowId!: number;

  @Column({ name: 'row_number', type: 'integer' })
  rowNumber!: number;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 191 })
  dedupeKey!: string;

  @Column({ name: 'external_ref', type: 'varchar', length: 100 })
  externalRef!: string;

  @Column({ name: 'full_name', type: 'varchar', length: 200 })
  fullName!: string;

  @Column({ name: 'phone', type: 'varchar', length: 20 })
  phone!: string;

  @Column({ name: 'currency', type: 'varchar', length: 3 })
  currency!: CurrencyCode;

  @MinorUnitsColumn({ name: 'amount_minor' })
  amountMinor!: bigint;

  @Column({ name: 'method', type: 'varchar', length: 32, nullable: true })
  method!: string | null;

  @Column({ name: 'provider', type: 'varchar', length: 16, nullable: true })
  provider!: string | null;

  @MinorUnitsColumn({ name: 'fee_minor', nullable: true })
  feeMinor!: bigint | null;

  @MinorUnitsColumn({ name: 'payer_amount_minor', nullable: true })
  payerAmountMinor!: bigint | null;

  @MinorUnitsColumn({ name: 'payee_amount_minor', nullable: true })
  payeeAmountMinor!: bigint | null;

  /** When pre-flight checked it (operator and fee, or rejected); null: not checked yet. */
  @UtcDateTimeColumn({ name: 'preflight_at', nullable: true })
  preflightAt!: Date | null;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: PaymentStatus;

  /** Why it was rejected, failed or canceled, in words an operator can act on. */
  @Column({ name: 'reason', type: 'varchar', length: 500, nullable: true })
  reason!: string | null;

  @Column({ name: 'payee_id', type: 'integer', nullable: true })
  payeeId!: number | null;

  @Column({ name: 'payment_account_id', type: 'integer', nullable: true })
  paymentAccountId!: number | null;

  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount!: number;

  @Column({ name: 'lease_owner', type: 'varchar', length: 100, nullable: true })
  leaseOwner!: string | null;

  @UtcDateTimeColumn({ name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  /** When the worker should next look at it (status poll backoff). */
  @UtcDateTimeColumn({ name: 'next_check_at', nullable: true })
  nextCheckAt!: Date | null;

  @UtcDateTimeColumn({ name: 'status_changed_at' })
  statusChangedAt!: Date;

  @UtcDateTimeColumn({ name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  /**
   * Set by the status poll when the payment stayed PROCESSING too long: an exception for an
   * operator. A stuck payment is only polled, never sent again; Dollr's final status clears it.
   */
  @UtcDateTimeColumn({ name: 'stuck_at', nullable: true })
  stuckAt!: Date | null;

  @Column({ name: 'stuck_reason', type: 'varchar', length: 500, nullable: true })
  stuckReason!: string | null;

  /** The reference_id of the current attempt (Dollr's idempotency key for the execution). */
  @Column({ name: 'reference_id', type: 'varchar', length: 36, nullable: true })
  referenceId!: string | null;

  @Column({ name: 'provider_transaction_id', type: 'varchar', length: 100, nullable: true })
  providerTransactionId!: string | null;

  @Column({ name: 'gateway_message', type: 'varchar', length: 500, nullable: true })
  gatewayMessage!: string | null;
}
