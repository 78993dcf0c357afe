import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IMPORT_KINDS, type ImportKind } from '../import.types';

/** The text fields of `POST /imports` (multipart); the file itself is the `file` part. */
export class CreateImportDto {
  @ApiProperty({
    enum: IMPORT_KINDS,
    description: 'payables (payroll, supplier bills) or receivables (invoices)',
  })
  @IsIn(IMPORT_KINDS, { message: 'type must be payables or receivables' })
  type!: ImportKind;

  @ApiPropertyOptional({
    description:
      'Built-in profile name (payroll, suppliers, invoices); default payroll for payables, invoices for receivables',
    example: 'payroll',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  profile?: string;

  @ApiPropertyOptional({
    description: 'Worksheet of an .xlsx file, by name or 1-based position; default the first',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sheet?: string;

  @ApiPropertyOptional({ enum: ['LR', 'RW'], description: 'Country of rows that have none' })
  @IsOptional()
  @IsIn(['LR', 'RW'], { message: 'country must be LR or RW' })
  country?: string;

  @ApiPropertyOptional({
    enum: ['USD', 'LRD', 'RWF'],
    description: 'Currency of rows that have none',
  })
  @IsOptional()
  @IsIn(['USD', 'LRD', 'RWF'], { message: 'currency must be USD, LRD or RWF' })
  currency?: string;

  @ApiPropertyOptional({
    example: '2026-11',
    description:
      "Payables: the pay period of rows that name neither a period nor a reference (a month is kept as YYYY-MM). Default: the month in the file's title rows, sheet name or file name, else the month of the import.",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  period?: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Check the file and return the summary without storing anything',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' || value === true
      ? true
      : value === 'false' || value === false
        ? false
        : value,
  )
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}
