import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import type { Response } from 'express';
import { parseFormat, parseScope, type ReportScope, scopeLabel } from './report-scope';
import { ReportService } from './report.service';

export class ReportScopeQueryDto {
  @ApiPropertyOptional({ description: 'The batch to report on (or give from and to)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'batchId must be a batch number, e.g. 12' })
  @Min(1, { message: 'batchId must be a batch number, e.g. 12' })
  batchId?: number;

  @ApiPropertyOptional({ description: 'First day of the period, YYYY-MM-DD (UTC)' })
  @IsOptional()
  @IsString()
  from?: string;

  @ApiPropertyOptional({ description: 'Last day of the period, YYYY-MM-DD (UTC), included' })
  @IsOptional()
  @IsString()
  to?: string;
}

export class ReconciliationQueryDto extends ReportScopeQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'], { message: 'format must be xlsx or csv' })
  format?: 'xlsx' | 'csv';
}

function scopeOf(query: ReportScopeQueryDto): ReportScope {
  return parseScope({
    batch: query.batchId === undefined ? undefined : String(query.batchId),
    from: query.from,
    to: query.to,
  });
}

const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/**
 * Waits for a download being streamed. Once its first bytes are sent the error shape can no
 * longer be sent, so a failure then cuts the connection: the client sees a failed download, never
 * a file that looks complete.
 */
export async function streamed(response: Response, work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (response.headersSent) response.destroy(error as Error);
    throw error;
  }
}

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Get('reconciliation')
  @ApiOperation({
    summary: 'Reconciliation report of a batch (batchId) or a period (from, to)',
    description:
      'XLSX: Summary (control totals per currency and status), Detail (one row per payment), Exceptions (failed, rejected, stuck, duplicates refused, amount mismatches). CSV: the Detail sheet. A period covers the payments whose status last changed on those UTC days.',
  })
  @ApiProduces(CONTENT_TYPES.xlsx, 'text/csv')
  async reconciliation(
    @Query() query: ReconciliationQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const scope = scopeOf(query);
    const format = parseFormat(query.format ?? 'xlsx');
    await this.reports.checkScope(scope);
    response.setHeader('Content-Type', CONTENT_TYPES[format]);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="reconciliation-${scopeLabel(scope)}.${format}"`,
    );
    await streamed(response, this.reports.stream(scope, format, response));
  }

  @Get('journal')
  @ApiOperation({
    summary: 'Accounting journal (CSV) of the COMPLETED payments of a batch or a period',
    description:
      'date, account, debit, credit, currency, memo, reference: per payout, Dr salaries or suppliers payable, Dr fees, Cr Dollr wallet; balanced per currency. Account codes come from JOURNAL_ACCOUNT_*.',
  })
  @ApiProduces('text/csv')
  async journal(@Query() query: ReportScopeQueryDto, @Res() response: Response): Promise<void> {
    const scope = scopeOf(query);
    await this.reports.checkScope(scope);
    response.setHeader('Content-Type', CONTENT_TYPES.csv);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="journal-${scopeLabel(scope)}.csv"`,
    );
    await streamed(response, this.reports.streamJournal(scope, response));
  }
}
