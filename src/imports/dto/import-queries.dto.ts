import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../http/paging';
import { ROW_STATUSES, type RowStatus } from '../import.types';

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
