import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { fromMinorUnits } from '../money/amount';
import { BatchesService, type BatchDetails, type BatchView } from './batches.service';
import { PaymentEntity, type PaymentStatus } from './entities/payment.entity';
import { PreflightService } from './preflight.service';

class ApproveBatchDto {
  @ApiProperty({
    description: 'Who approves (until API keys identify the user)',
    example: 'finance.manager',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  as!: string;
}

class ReasonDto {
  @ApiProperty({ required: false, description: 'Why, for the record' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

const PAYMENT_STATUSES: PaymentStatus[] = [
  'PENDING',
  'PROCESSING',
  'COMPLETED',
  'FAILED',
  'CANCELED',
  'REJECTED',
];

class PaymentsQuery {
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;
}

@ApiTags('batches')
@Controller('batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchesService,
    private readonly preflight: PreflightService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Batches, newest first, with counts and totals' })
  list(): Promise<BatchView[]> {
    return this.batches.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One batch: status, counts, totals, approvals, pre-flight' })
  show(@Param('id', ParseIntPipe) id: number): Promise<BatchDetails> {
    return this.batches.details(id);
  }

  @Get(':id/payments')
  @ApiOperation({ summary: "The batch's payments" })
  @ApiQuery({ name: 'status', required: false, enum: PAYMENT_STATUSES })
  async payments(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: PaymentsQuery,
  ): Promise<unknown[]> {
    await this.batches.get(id);
    const payments = await this.dataSource.getRepository(PaymentEntity).find({
      where: { batchId: id, ...(query.status ? { status: query.status } : {}) },
      order: { id: 'ASC' },
    });
    return payments.map((p) => ({
      id: p.id,
      row: p.rowNumber,
      externalRef: p.externalRef,
      fullName: p.fullName,
      phone: p.phone,
      amount: fromMinorUnits(p.amountMinor, p.currency),
      currency: p.currency,
      method: p.method,
      provider: p.provider,
      fee: p.feeMinor === null ? null : fromMinorUnits(p.feeMinor, p.currency),
      status: p.status,
      reason: p.reason,
      attempts: p.attemptCount,
      referenceId: p.referenceId,
      providerTransactionId: p.providerTransactionId,
      gatewayMessage: p.gatewayMessage,
      payerAmount:
        p.payerAmountMinor === null ? null : fromMinorUnits(p.payerAmountMinor, p.currency),
      payeeAmount:
        p.payeeAmountMinor === null ? null : fromMinorUnits(p.payeeAmountMinor, p.currency),
      stuck: p.stuckAt !== null,
      stuckAt: p.stuckAt?.toISOString() ?? null,
      stuckReason: p.stuckReason,
      statusChangedAt: p.statusChangedAt.toISOString(),
      completedAt: p.completedAt?.toISOString() ?? null,
    }));
  }

  @Post(':id/preflight')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Resolve operators, predict fees and totals; then the batch awaits approval',
  })
  runPreflight(@Param('id', ParseIntPipe) id: number): Promise<BatchDetails> {
    return this.preflight.run(id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve (by someone other than the uploader)' })
  approve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ApproveBatchDto,
  ): Promise<BatchDetails> {
    return this.batches.approve(id, body.as);
  }

  @Post(':id/run')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start paying an approved batch (the service works on it in the background)',
  })
  async run(@Param('id', ParseIntPipe) id: number): Promise<BatchView> {
    await this.batches.start(id);
    return this.batches.view(await this.batches.get(id));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop sending new payments; those in flight are followed' })
  async pause(@Param('id', ParseIntPipe) id: number, @Body() body: ReasonDto): Promise<BatchView> {
    await this.batches.pause(id, body.reason);
    return this.batches.view(await this.batches.get(id));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused batch' })
  async resume(@Param('id', ParseIntPipe) id: number): Promise<BatchView> {
    await this.batches.resume(id);
    return this.batches.view(await this.batches.get(id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel the payments not yet sent' })
  async cancel(@Param('id', ParseIntPipe) id: number, @Body() body: ReasonDto): Promise<BatchView> {
    await this.batches.cancel(id, body.reason);
    return this.batches.view(await this.batches.get(id));
  }

  @Post(':id/retry-failed')
  @HttpCode(200)
  @ApiOperation({ summary: 'Try FAILED payments again with new reference ids' })
  async retryFailed(@Param('id', ParseIntPipe) id: number): Promise<BatchView> {
    await this.batches.retryFailed(id);
    return this.batches.view(await this.batches.get(id));
  }
}
