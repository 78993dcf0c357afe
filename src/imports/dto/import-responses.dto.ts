import { PERIOD_SOURCES } from '../normalise/period';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** OpenAPI descriptions of the responses; the values are built in import.queries.ts. */
export class CurrencyTotalDto {
  @ApiProperty({ enum: ['USD', 'LRD', 'RWF'] })
  currency!: string;

  @ApiProperty({ description: "Decimal string with the currency's decimals", example: '1250.50' })
  amount!: string;
}

export class ImportSummaryDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null for a dry run' })
  importId!: number | null;

  @ApiProperty({ enum: ['imported', 'dry-run'] })
  status!: string;

  @ApiProperty({ description: 'Data rows read (valid + invalid + duplicates + skipped)' })
  rows!: number;

  @ApiProperty()
  valid!: number;

  @ApiProperty()
  invalid!: number;

  @ApiProperty({ description: 'Rows that repeat an earlier row or import; never paid' })
  duplicates!: number;

  @ApiProperty({ description: 'Totals rows and the like' })
  skipped!: number;

  @ApiProperty({ type: [CurrencyTotalDto], description: 'Sum of the valid rows by currency' })
  totals!: CurrencyTotalDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Valid invoices (receivables); null for payables',
  })
  invoices!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11',
    description:
      "Payables: the pay period the import's payments share (a month as YYYY-MM); null when they differ, and for receivables",
  })
  period!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['column', ...PERIOD_SOURCES],
    description:
      "Where the period came from: the file's period column, the period given with the import (option), the profile, the title rows, the sheet name, the file name, or the month of the import (then also a warning)",
  })
  periodFrom!: string | null;

  @ApiProperty({
    type: [String],
    description: 'What concerns the whole file, for people: e.g. that no pay period was found',
  })
  warnings!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The worksheet that was read (workbooks); null for a CSV file',
  })
  sheet!: string | null;

  @ApiProperty({
    example: 4,
    description: 'The row the header was found on, as the file numbers it',
  })
  headerRow!: number;
}

/** What `POST /imports` answers: the summary and the batch the import became. */
export class ImportResultDto extends ImportSummaryDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'The batch the import became: a payout batch for payables, an invoice batch for receivables (null for a dry run or no valid row)',
  })
  batchId!: number | null;
}

export class ImportDto extends ImportSummaryDto {
  @ApiProperty({ enum: ['payables', 'receivables'] })
  type!: string;

  @ApiProperty()
  fileName!: string;

  @ApiProperty()
  fileSha256!: string;

  @ApiProperty({ enum: ['csv', 'xlsx'] })
  fileFormat!: string;

  @ApiProperty()
  fileSize!: number;

  @ApiProperty()
  profile!: string;

  @ApiProperty()
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class RowIssueDto {
  @ApiProperty({ description: 'The column header as written in the file' })
  column!: string;

  @ApiProperty({ description: 'The cell as written' })
  value!: string;

  @ApiProperty({ description: 'The rule, in words' })
  message!: string;
}

export class DuplicatePointerDto {
  @ApiProperty({ type: Number, nullable: true })
  importId!: number | null;

  @ApiProperty()
  row!: number;
}

export class ImportRowDto {
  @ApiProperty({ description: 'Row number as the file shows it' })
  row!: number;

  @ApiProperty({ enum: ['valid', 'invalid', 'duplicate', 'skipped'] })
  status!: string;

  @ApiPropertyOptional({
    description:
      'Normalised fields (external_ref, full_name, phone, amount, currency, …) at top level',
  })
  full_name?: string | null;

  @ApiPropertyOptional({ description: 'E.164 digits without +' })
  phone?: string | null;

  @ApiPropertyOptional({ description: 'Decimal string' })
  amount?: string | null;

  @ApiProperty({ type: [RowIssueDto] })
  errors!: RowIssueDto[];

  @ApiProperty({ type: [RowIssueDto] })
  warnings!: RowIssueDto[];

  @ApiProperty({ type: DuplicatePointerDto, nullable: true })
  duplicateOf!: DuplicatePointerDto | null;
}
