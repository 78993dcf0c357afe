import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ParseIdPipe } from '../http/strict-input';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { pageRequest } from '../common/paging';
import { announceNextPage, PAGED_HEADERS, PageQueryDto } from '../http/paging';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { type InvoiceView, InvoicesService } from '../invoices/invoices.service';
import { allowedActions, type BatchAction } from './allowed-actions';
import { BatchLifecycle } from './batch-lifecycle';
import { BatchQueries, type BatchDetails, type BatchView } from './batch-queries';
import { BatchPayments, type BatchPaymentView } from './batch-payments';
import type { PaymentStatus } from '../payments/entities/payment.entity';
import { PreflightService } from './preflight.service';
import { BatchDetailsDto, BatchPaymentDto, BatchViewDto, InvoiceViewDto } from './dto/batch.dto';
import { PAYMENT_STATUSES } from '../payments/entities/payment.entity';

/** No fields: the approver is the API key's owner (an `as` field is refused). */
class ApproveBatchDto {}

class ReasonDto {
  @ApiProperty({ required: false, description: 'Why, for the record' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

class PaymentsQuery extends PageQueryDto {
  @IsOptional()
  @IsIn(PAYMENT_STATUSES)
  status?: PaymentStatus;
}

@ApiTags('batches')
@Controller('batches')
export class BatchesController {
  constructor(
    private readonly batches: BatchQueries,
    private readonly lifecycle: BatchLifecycle,
    private readonly preflight: PreflightService,
    private readonly invoices: InvoicesService,
    private readonly batchPayments: BatchPayments,
  ) {}

  @Get()
  @ApiOkResponse({ type: BatchViewDto, isArray: true, headers: PAGED_HEADERS })
  @ApiOperation({ summary: 'Batches, newest first, with counts and totals (paged)' })
  async list(
    @Query() query: PageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchView[]> {
    const page = await this.batches.list(pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Get(':id')
  @ApiOkResponse({ type: BatchDetailsDto })
  @ApiOperation({
    summary: 'One batch: status, counts, totals, approvals, pre-flight, and what your key may do',
  })
  async show(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchDetails & { actions: BatchAction[] }> {
    const details = await this.batches.details(id);
    return { ...details, actions: allowedActions(details, actor) };
  }

  @Get(':id/payments')
  @ApiOkResponse({ type: BatchPaymentDto, isArray: true, headers: PAGED_HEADERS })
  @ApiOperation({ summary: "The batch's payments in row order (paged)" })
  @ApiQuery({ name: 'status', required: false, enum: PAYMENT_STATUSES })
  async payments(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PaymentsQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<BatchPaymentView[]> {
    const page = await this.batchPayments.page(id, query.status, pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Get(':id/invoices')
  @ApiOperation({
    summary:
      "An invoice batch's invoices: number, customer, amount, Dollr invoice id, number and status, payment link, collection status (paged)",
  })
  @ApiOkResponse({ type: InvoiceViewDto, isArray: true, headers: PAGED_HEADERS })
  async invoiceList(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: PageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<InvoiceView[]> {
    const batch = await this.batches.get(id);
    if (batch.kind !== 'INVOICE') {
      throw new AppError(
        'NOT_AN_INVOICE_BATCH',
        `Batch ${id} is a payout batch; only invoice batches have invoices.`,
        409,
      );
    }
    const page = await this.invoices.pageForBatch(id, pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Post(':id/preflight')
  @ApiOkResponse({ type: BatchDetailsDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({
    summary: 'Resolve operators, predict fees and totals; then the batch awaits approval',
  })
  runPreflight(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchDetails> {
    return this.preflight.run(id, actor);
  }

  @Post(':id/approve')
  @ApiOkResponse({ type: BatchDetailsDto })
  @HttpCode(200)
  @Roles('checker')
  @ApiOperation({
    summary: "Approve as the API key's name (never the key that uploaded the batch)",
  })
  async approve(
    @Param('id', ParseIdPipe) id: number,
    @Body() _body: ApproveBatchDto,
    @CurrentActor() actor: Actor,
  ): Promise<BatchDetails & { actions: BatchAction[] }> {
    const details = await this.lifecycle.approve(id, actor);
    return { ...details, actions: allowedActions(details, actor) };
  }

  @Post(':id/run')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({
    summary: 'Start paying an approved batch (the service works on it in the background)',
  })
  async run(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    await this.lifecycle.start(id, actor);
    return this.batches.viewOf(id);
  }

  @Post(':id/pause')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({ summary: 'Stop sending new payments; those in flight are followed' })
  async pause(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    await this.lifecycle.pause(id, actor, body.reason);
    return this.batches.viewOf(id);
  }

  @Post(':id/resume')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({ summary: 'Resume a paused batch' })
  async resume(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    await this.lifecycle.resume(id, actor);
    return this.batches.viewOf(id);
  }

  @Post(':id/cancel')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({ summary: 'Cancel the payments not yet sent' })
  async cancel(
    @Param('id', ParseIdPipe) id: number,
    @Body() body: ReasonDto,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    await this.lifecycle.cancel(id, actor, body.reason);
    return this.batches.viewOf(id);
  }

  @Post(':id/retry-failed')
  @ApiOkResponse({ type: BatchViewDto })
  @HttpCode(200)
  @Roles('maker')
  @ApiOperation({ summary: 'Try FAILED payments again with new reference ids' })
  async retryFailed(
    @Param('id', ParseIdPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<BatchView> {
    await this.lifecycle.retryFailed(id, actor);
    return this.batches.viewOf(id);
  }
}
