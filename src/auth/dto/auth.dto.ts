import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../http/paging';
import { AUDIT_ACTIONS } from '../audit-log.service';
import { ROLES, type Role } from '../roles';

export class CreateApiKeyDto {
  @ApiProperty({
    example: 'alice',
    description: 'Unique (regardless of case), shown in the audit log',
  })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class CreatedApiKeyDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'The key: shown only in this answer, store it now' }) key!: string;
}

export class ApiKeyDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ description: 'First characters of the key, to tell keys apart' }) hint!: string;
  @ApiProperty() createdBy!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String, description: 'To the minute' })
  lastUsedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) revokedAt!: string | null;
}

export class MeDto {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
}

export class AuditQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, description: "A batch's entries, its import's upload included" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  batchId?: number;

  @ApiProperty({ required: false })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  importId?: number;

  @ApiProperty({ required: false, enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z_]+\.[a-z_]+$/, { message: 'action must look like batch.approved' })
  action?: string;
}

export class AuditEventDto {
  @ApiProperty() id!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ description: 'Key name, CLI user (--as or cli:<os user>) or system' })
  actor!: string;
  @ApiProperty({ description: 'The key role, or cli / system' }) role!: string;
  @ApiProperty({ enum: AUDIT_ACTIONS }) action!: string;
  @ApiProperty({ enum: ['import', 'batch', 'key'] }) subjectType!: string;
  @ApiProperty({ nullable: true, type: Number }) subjectId!: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Totals, counts, reasons',
  })
  details!: Record<string, unknown>;
}

export class AuditListDto {
  @ApiProperty({ type: [AuditEventDto] }) items!: AuditEventDto[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The URL of the next page (as in the Link header); null on the last page',
  })
  next!: string | null;
}
