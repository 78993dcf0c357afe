import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MinorUnitsColumn, UtcDateTimeColumn } from '../../database/columns';
import type { FeeBearer, SourceStatus } from '../../dollr/types';
import type { CurrencyCode } from '../../money/currency';

/**
 * How far the invoice got on Dollr. NEW: nothing sent. CREATING: the create call may have been
 * sent (committed before it): before creating again, look the invoice up by its reference.
 * CREATED: the Dollr id is known. PUBLISHED: items added and published (ACTIVE), link stored.
 */
export type InvoiceSyncState = 'NEW' | 'CREATING' | 'CREATED' | 'PUBLISHED';

/** One ERP invoice of an invoice batch, the Dollr invoice it became, and its receipt once PAID. */
@Entity({ name: 'invoices' })
export class InvoiceEntity {
  @PrimaryGeneratedColumn({ name: 'id' })
  id!: number;

  @Column({ name: 'batch_id', type: 'integer' })
  batchId!: number;

  /** The batch's unit of work for this invoice (claims, collection attempts, status). */
  @Column({ name: 'payment_id', type: 'integer' })
  paymentId!: number;

  /** The number in the ERP file. */
  @Column({ name: 'invoice_number', type: 'varchar', length: 64 })
  invoiceNumber!: string;

  @Column({ name: 'reference', type: 'varchar', length: 40 })
  reference!: string;

  @Column({ name: 'currency', type: 'varchar', length: 3 })
  currency!: CurrencyCode;

  @MinorUnitsColumn({ name: 'amount_minor' })
  amountMinor!: bigint;

  @Column({ name: 'fee_bearer', type: 'varchar', length: 8 })
  feeBearer!: FeeBearer;

  /** YYYY-MM-DD, as read from the file. */
  @Column({ name: 'due_date', type: 'varchar', length: 10, nullable: true })
  dueDate!: string | null;

  @Column({ name: 'note', type: 'varchar', length: 500, nullable: true })
  note!: string | null;

  @Column({ name: 'email', type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  @Column({ name: 'sync_state', type: 'varchar', length: 16 })
  syncState!: InvoiceSyncState;

  @Column({ name: 'dollr_invoice_id', type: 'integer', nullable: true })
  dollrInvoiceId!: number | null;

  /** Dollr's number, e.g. INV-2026-0042 (payment links go by it). */
  @Column({ name: 'dollr_number', type: 'varchar', length: 64, nullable: true })
  dollrNumber!: string | null;

  @Column({ name: 'dollr_status', type: 'varchar', length: 16, nullable: true })
  dollrStatus!: SourceStatus | null;

  @Column({ name: 'payment_link', type: 'varchar', length: 1000, nullable: true })
  paymentLink!: string | null;

  @UtcDateTimeColumn({ name: 'create_started_at', nullable: true })
  createStartedAt!: Date | null;

  @UtcDateTimeColumn({ name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @UtcDateTimeColumn({ name: 'status_checked_at', nullable: true })
  statusCheckedAt!: Date | null;

  /** When the connector saw the Dollr status change. */
  @UtcDateTimeColumn({ name: 'status_changed_at', nullable: true })
  statusChangedAt!: Date | null;

  /** When Dollr says it was paid (the receipt's time), else when the connector saw it PAID. */
  @UtcDateTimeColumn({ name: 'paid_at', nullable: true })
  paidAt!: Date | null;

  @MinorUnitsColumn({ name: 'receipt_payer_amount_minor', nullable: true })
  receiptPayerAmountMinor!: bigint | null;

  @Column({ name: 'receipt_payer_currency', type: 'varchar', length: 3, nullable: true })
  receiptPayerCurrency!: CurrencyCode | null;

  @MinorUnitsColumn({ name: 'receipt_payee_amount_minor', nullable: true })
  receiptPayeeAmountMinor!: bigint | null;

  @Column({ name: 'receipt_payee_currency', type: 'varchar', length: 3, nullable: true })
  receiptPayeeCurrency!: CurrencyCode | null;

  @MinorUnitsColumn({ name: 'receipt_platform_fee_minor', nullable: true })
  receiptPlatformFeeMinor!: bigint | null;

  @MinorUnitsColumn({ name: 'receipt_gateway_fee_minor', nullable: true })
  receiptGatewayFeeMinor!: bigint | null;

  @MinorUnitsColumn({ name: 'receipt_fx_fee_minor', nullable: true })
  receiptFxFeeMinor!: bigint | null;

  @Column({ name: 'receipt_fee_currency', type: 'varchar', length: 3, nullable: true })
  receiptFeeCurrency!: CurrencyCode | null;

  /** A decimal string (payer currency per payee currency unit). */
  @Column({ name: 'receipt_fx_rate', type: 'varchar', length: 40, nullable: true })
  receiptFxRate!: string | null;

  @Column({ name: 'receipt_provider', type: 'varchar', length: 32, nullable: true })
  receiptProvider!: string | null;

  @Column({
    name: 'receipt_provider_transaction_id',
    type: 'varchar',
    length: 100,
    nullable: true,
  })
  receiptProviderTransactionId!: string | null;

  /** The receipt as Dollr sent it (JSON text), for audits. */
  @Column({ name: 'receipt', type: 'text', nullable: true })
  receipt!: string | null;
}
