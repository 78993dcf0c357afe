import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IMPORT_KINDS, type ImportKind } from '../../import.types';

/** The text fields of `POST /profiles/suggest` (multipart); the file is the `file` part. */
export class SuggestProfileDto {
  @ApiPropertyOptional({
    enum: IMPORT_KINDS,
    description: 'payables or receivables; default: whichever the header reads as',
  })
  @IsOptional()
  @IsIn(IMPORT_KINDS, { message: 'type must be payables or receivables' })
  type?: ImportKind;

  @ApiPropertyOptional({ description: 'Worksheet of an .xlsx file, by name or 1-based position' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  sheet?: string;

  @ApiPropertyOptional({
    description: 'The row of the column names, when it is not found; written into the profile',
    example: '3',
  })
  @IsOptional()
  @Matches(/^(?:[1-9]\d{0,2}|1000)$/, { message: 'headerRow must be a row number from 1 to 1000' })
  headerRow?: string;
}
