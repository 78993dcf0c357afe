import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { ParseIdPipe } from '../http/strict-input';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { readFile } from 'node:fs/promises';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateImportDto } from './dto/create-import.dto';
import { ErrorReportQueryDto, RowsQueryDto } from './dto/import-queries.dto';
import { announceNextPage, PAGED_HEADERS, PageQueryDto } from '../http/paging';
import { pageRequest } from '../common/paging';
import { ImportDto, ImportResultDto, ImportRowDto } from './dto/import-responses.dto';
import { ErrorReportService } from './error-report';
import { AFTER_IMPORT, type AfterImport } from './after-import';
import { ImportError } from './import.errors';
import { ImportQueries, type ImportView, type RowView } from './import.queries';
import { ImportService } from './import.service';
import type { ImportResult } from './import.types';
import { checkedUploadName } from './upload-name';
import { PROFILE_MAX_BYTES } from './profiles/profile.loader';
import { ProfilesService } from './profiles/profiles.service';
import {
  RemoveUploadInterceptor,
  type UploadedFileInfo,
  type UploadedParts,
  UploadTooLargeInterceptor,
} from './upload-interceptors';

/** An uploaded profile document, read only when small enough to be one. */
async function profileDocument(part: UploadedFileInfo | undefined): Promise<Buffer | undefined> {
  if (part === undefined) return undefined;
  if (part.size > PROFILE_MAX_BYTES) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The profileFile is larger than ${PROFILE_MAX_BYTES / 1024} KiB.`,
    );
  }
  return readFile(part.path);
}

@ApiTags('imports')
@Controller('imports')
export class ImportController {
  constructor(
    private readonly imports: ImportService,
    private readonly queries: ImportQueries,
    private readonly reports: ErrorReportService,
    @Inject(AFTER_IMPORT) private readonly afterImport: AfterImport,
    private readonly profiles: ProfilesService,
  ) {}

  @Post()
  @Roles('maker')
  @UseInterceptors(
    UploadTooLargeInterceptor,
    // The size limit (UPLOAD_MAX_BYTES) comes from MulterModule in ImportsHttpModule.
    FileFieldsInterceptor(
      [
        { name: 'file', maxCount: 1 },
        { name: 'profileFile', maxCount: 1 },
      ],
      {
        limits: { files: 2 },
        // Keep folders in the sent name so that such a name is refused, not silently trimmed.
        preservePath: true,
      },
    ),
    RemoveUploadInterceptor,
  )
  @ApiOperation({
    summary: 'Import a payables or receivables file (CSV or XLSX)',
    description:
      'Stores every row (valid, invalid, duplicate, skipped) in one transaction, or nothing. With dryRun=true the same checks run and nothing is stored. The same file (by SHA-256) is refused with 409 FILE_ALREADY_IMPORTED pointing to the first import.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'type'],
      properties: {
        file: { type: 'string', format: 'binary', description: '.csv or .xlsx' },
        type: { type: 'string', enum: ['payables', 'receivables'] },
        profile: {
          type: 'string',
          example: 'payroll',
          description:
            'a built-in profile (GET /profiles) or one saved with POST /profiles; never a path',
        },
        profileFile: {
          type: 'string',
          format: 'binary',
          description: 'your own profile, a JSON document of at most 64 KiB (instead of profile)',
        },
        sheet: { type: 'string' },
        country: { type: 'string', enum: ['LR', 'RW'] },
        currency: { type: 'string', enum: ['USD', 'LRD', 'RWF'] },
        period: { type: 'string', example: '2026-11' },
        dryRun: { type: 'boolean' },
      },
    },
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  async create(
    @UploadedFiles() parts: UploadedParts | undefined,
    @Body() body: CreateImportDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportResult> {
    const file = parts?.file?.[0];
    if (file === undefined) {
      throw new ImportError(
        'FILE_NOT_FOUND',
        'Attach the file to import as the multipart field "file".',
      );
    }
    const profile = await this.profiles.resolve({
      reference: body.profile,
      document: await profileDocument(parts?.profileFile?.[0]),
    });
    const outcome = await this.imports.importFile({
      path: file.path,
      fileName: checkedUploadName(file.originalname),
      kind: body.type,
      profile,
      sheet: body.sheet,
      country: body.country,
      currency: body.currency,
      period: body.period,
      dryRun: body.dryRun === true,
      createdBy: actor.name,
      actor,
    });
    return {
      ...outcome.summary,
      batchId: await this.afterImport.batchIdForImport(outcome.summary, actor),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Imports, newest first' })
  @ApiOkResponse({ type: [ImportDto], headers: PAGED_HEADERS })
  async list(
    @Query() query: PageQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ImportView[]> {
    const page = await this.queries.list(pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import: the file, who brought it, counts and totals' })
  @ApiOkResponse({ type: ImportDto })
  get(@Param('id', ParseIdPipe) id: number): Promise<ImportView> {
    return this.queries.summary(id);
  }

  @Get(':id/rows')
  @ApiOperation({
    summary: 'Rows of an import in file order, with their normalised fields and problems',
  })
  @ApiOkResponse({ type: [ImportRowDto], headers: PAGED_HEADERS })
  async rows(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: RowsQueryDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RowView[]> {
    const page = await this.queries.rows(id, query.status, pageRequest(query));
    announceNextPage(request, response, page.next);
    return page.items;
  }

  @Get(':id/errors')
  @ApiOperation({
    summary:
      "Error report: the file's columns plus Row and Errors, for every invalid or duplicate row",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async errors(
    @Param('id', ParseIdPipe) id: number,
    @Query() query: ErrorReportQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    await this.queries.summary(id);
    const format = query.format ?? 'xlsx';
    response.setHeader(
      'Content-Type',
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="import-${id}-errors.${format}"`,
    );
    await this.reports.stream(id, format, response);
  }
}
