import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BATCH_ACTIONS } from '../allowed-actions';
import { BATCH_STATUSES } from '../batch-status';
import { PAYMENT_STATUSES } from '../../payments/entities/payment.entity';

/** The response shapes of the batches API, for /docs (the services return plain objects). */

class BatchCountsDto {
  @ApiProperty({ example: 0 }) PENDING!: number;
  @ApiProperty({ example: 0 }) PROCESSING!: number;
  @ApiProperty({ example: 41 }) COMPLETED!: number;
  @ApiProperty({ example: 1 }) FAILED!: number;
  @ApiProperty({ example: 0 }) CANCELED!: number;
  @ApiPropertyOptional({
    example: 2,
    description: 'Invoice batches: invoices waiting to be paid through their link',
  })
  AWAITING_PAYMENT?: number;
}

class BatchTotalsDto {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: '12500.00', description: 'Decimal string' }) requested!: string;
  @ApiProperty({ example: '12200.00' }) completed!: string;
  @ApiProperty({ example: '300.00' }) failed!: string;
  @ApiProperty({ example: '62.50' }) fees!: string;
}

export class BatchViewDto {
  @ApiProperty({ example: 7 }) batchId!: number;
  @ApiProperty({ enum: BATCH_STATUSES }) status!: string;
  @ApiProperty({ type: BatchCountsDto }) counts!: BatchCountsDto;
  @ApiProperty({ type: BatchTotalsDto, isArray: true }) totals!: BatchTotalsDto[];
}

class ApprovalDto {
  @ApiProperty({ example: 'bob' }) approvedBy!: string;
  @ApiProperty({ format: 'date-time' }) approvedAt!: string;
  @ApiProperty({ description: 'False once the batch changed or pre-flight ran again' })
  valid!: boolean;
}

class StuckPaymentDto {
  @ApiProperty({ example: 12, description: 'The row in the file' }) row!: number;
  @ApiProperty({ example: 'E012' }) externalRef!: string;
  @ApiProperty({ example: '231886123456' }) phone!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) referenceId!: string | null;
  @ApiProperty({ format: 'date-time' }) stuckAt!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
}

class PreflightTotalsDto {
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 42 }) count!: number;
  @ApiProperty({ example: '12500.00' }) requested!: string;
  @ApiProperty({ example: '62.50' }) fees!: string;
  @ApiProperty({ example: '12562.50', description: "What leaves the merchant's wallet" })
  payerTotal!: string;
  @ApiProperty({ example: '12500.00', description: 'What the payees receive' })
  payeeTotal!: string;
}

class RejectionDto {
  @ApiProperty({ example: 7 }) row!: number;
  @ApiProperty({ example: 'E007' }) externalRef!: string;
  @ApiProperty({ example: '231886000907' }) phone!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'no mobile money operator for this number',
  })
  reason!: string | null;
}

class PreflightDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) at!: string | null;
  @ApiProperty({
    example: 1200,
    description:
      'Payments the pre-flight has checked (or rejected) so far; below total when it stopped midway (run it again to go on)',
  })
  checked!: number;
  @ApiProperty({ example: 1200, description: 'Payments the pre-flight checks' }) total!: number;
  @ApiProperty({ type: PreflightTotalsDto, isArray: true }) totals!: PreflightTotalsDto[];
  @ApiProperty({ type: RejectionDto, isArray: true }) rejections!: RejectionDto[];
}

export class InvoiceViewDto {
  @ApiProperty({ example: 'INV-1001', description: 'The invoice number in the file' })
  invoiceNumber!: string;

  @ApiProperty({ example: 'Monrovia Bakery' })
  customer!: string;

  @ApiProperty({ type: String, nullable: true, example: '231886222333' })
  phone!: string | null;

  @ApiProperty({ example: '487.50', description: 'The invoice total, a decimal string' })
  amount!: string;

  @ApiProperty({ example: 'USD' })
  currency!: string;

  @ApiProperty({
    enum: ['MOBILE_MONEY', 'PAYMENT_LINK'],
    description: 'Collected by a mobile money prompt, or paid by the customer through the link',
  })
  collection!: string;

  @ApiProperty({ type: Number, nullable: true, example: 101 })
  dollrInvoiceId!: number | null;

  @ApiProperty({ type: String, nullable: true, example: 'INV-2026-0042' })
  dollrNumber!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['IDLE', 'ACTIVE', 'PROCESSING', 'PAID', 'CANCELED'],
    description: 'The Dollr invoice status',
  })
  status!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The hosted payment page (links/pay)' })
  paymentLink!: string | null;

  @ApiProperty({ enum: PAYMENT_STATUSES, description: 'The collection of the invoice' })
  paymentStatus!: string;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  paidAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  statusChangedAt!: string | null;
}

export class BatchDetailsDto extends BatchViewDto {
  @ApiPropertyOptional({
    enum: BATCH_ACTIONS,
    isArray: true,
    description:
      'GET only: what the calling key may do now (its role, and approving only for a person who neither imported nor approved the batch)',
  })
  actions?: string[];
  @ApiProperty({ enum: ['PAYOUT', 'INVOICE'] }) kind!: string;
  @ApiProperty({ example: 3 }) importId!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11',
    description: 'Payout batches: the pay period the payments share; null when they differ',
  })
  period!: string | null;
  @ApiProperty({ example: 'alice' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Canceled if not approved by then' })
  expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) statusReason!: string | null;
  @ApiProperty({ example: 1, description: '2 above APPROVAL_TWO_PERSON_THRESHOLDS' })
  approvalsRequired!: number;
  @ApiProperty({ type: ApprovalDto, isArray: true }) approvals!: ApprovalDto[];
  @ApiProperty({ example: 0, description: 'Payments pre-flight rejected' }) rejected!: number;
  @ApiPropertyOptional({ type: InvoiceViewDto, isArray: true, description: 'Invoice batches' })
  invoices?: InvoiceViewDto[];
  @ApiProperty({ type: StuckPaymentDto, isArray: true }) stuck!: StuckPaymentDto[];
  @ApiProperty({ type: PreflightDto }) preflight!: PreflightDto;
}

export class BatchPaymentDto {
  @ApiProperty({ example: 101 }) id!: number;
  @ApiProperty({ example: 12, description: 'The row in the file' }) row!: number;
  @ApiProperty({ example: 'E012' }) externalRef!: string;
  @ApiProperty({ example: 'Amara Kamara' }) fullName!: string;
  @ApiProperty({ example: '231886123456' }) phone!: string;
  @ApiProperty({ example: '250.00' }) amount!: string;
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ type: String, nullable: true, example: 'ORANGE_MONEY_LBR' })
  method!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'PAWAPAY' }) provider!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1.25' }) fee!: string | null;
  @ApiProperty({ enum: PAYMENT_STATUSES }) status!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) referenceId!: string | null;
  @ApiProperty({ type: String, nullable: true }) providerTransactionId!: string | null;
  @ApiProperty({ type: String, nullable: true }) gatewayMessage!: string | null;
  @ApiProperty({ type: String, nullable: true }) payerAmount!: string | null;
  @ApiProperty({ type: String, nullable: true }) payeeAmount!: string | null;
  @ApiProperty() stuck!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) stuckAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) stuckReason!: string | null;
  @ApiProperty({ format: 'date-time' }) statusChangedAt!: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) completedAt!: string | null;
}
