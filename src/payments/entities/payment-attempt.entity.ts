import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MinorUnitsColumn, UtcDateTimeColumn } from '../../database/columns';
import type { AttemptState } from '../attempt-decision';

/** One try at moving a payment's money, under one reference_id committed before it was sent. */
@Entity({ name: 'payment_attempts' })
export class PaymentAttemptEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'payment_id', type: 'integer' })
  paymentId!: number;

  @Column({ name: 'attempt_no', type: 'integer' })
  attemptNo!: number;

  @Column({ name: 'reference_id', type: 'varchar', length: 36 })
  referenceId!: string;

  @Column({ name: 'state', type: 'varchar', length: 16 })
  state!: AttemptState;

  @Column({ name: 'dollr_session_id', type: 'integer', nullable: true })
  dollrSessionId!: number | null;

  @UtcDateTimeColumn({ name: 'session_expires_at', nullable: true })
  sessionExpiresAt!: Date | null;

  /** The Dollr payment account the session was opened for (a payout executes only with it). */
  @Column({ name: 'session_account_id', type: 'integer', nullable: true })
  sessionAccountId!: number | null;

  /** The process that made the attempt (host:pid). */
  @Column({ name: 'worker', type: 'varchar', length: 100 })
  worker!: string;

  /** How many execution requests carried this reference_id. */
  @Column({ name: 'send_count', type: 'integer', default: 0 })
  sendCount!: number;

  @Column({ name: 'gateway_message', type: 'varchar', length: 500, nullable: true })
  gatewayMessage!: string | null;

  @Column({ name: 'error', type: 'varchar', length: 1000, nullable: true })
  error!: string | null;

  @MinorUnitsColumn({ name: 'payer_amount_minor', nullable: true })
  payerAmountMinor!: bigint | null;

  @MinorUnitsColumn({ name: 'payee_amount_minor', nullable: true })
  payeeAmountMinor!: bigint | null;

  @Column({ name: 'provider_transaction_id', type: 'varchar', length: 100, nullable: true })
  providerTransactionId!: string | null;

  @UtcDateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @UtcDateTimeColumn({ name: 'last_sent_at', nullable: true })
  lastSentAt!: Date | null;

  @UtcDateTimeColumn({ name: 'resolved_at', nullable: true })
  resolvedAt!: Date | null;
}
