import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ROW_STATUSES, type RowStatus } from '../import.types';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class RowsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROW_STATUSES, description: 'Only rows with this status' })
  @IsOptional()
  @IsIn(ROW_STATUSES, { message: `status must be one of ${ROW_STATUSES.join(', ')}` })
  status?: RowStatus;
}

export class ErrorReportQueryDto {
  @ApiPropertyOptional({ enum: ['csv', 'xlsx'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['csv', 'xlsx'], { message: 'format must be csv or xlsx' })
  format?: 'csv' | 'xlsx';
}
