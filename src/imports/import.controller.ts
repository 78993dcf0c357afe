import {
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  type NestInterceptor,
  Param,
  ParseIntPipe,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
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
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchError, finalize, type Observable, throwError } from 'rxjs';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { CreateImportDto } from './dto/create-import.dto';
import { ErrorReportQueryDto, PageQueryDto, RowsQueryDto } from './dto/import-queries.dto';
import { ImportDto, ImportResultDto, ImportRowDto } from './dto/import-responses.dto';
import { ErrorReportService } from './error-report';
import { ImportError } from './import.errors';
import { ImportQueries, type ImportView, type RowView } from './import.queries';
import { BatchesService } from '../batches/batches.service';
import { ImportService } from './import.service';
import type { ImportResult } from './import.types';
import { checkedUploadName } from './upload-name';

/** The part of multer's file description used here (@types/multer is not a dependency). */
interface UploadedFileInfo {
  readonly originalname: string;
  readonly path: string;
  readonly size: number;
}

/** Deletes the uploaded temporary file once the request is answered, whatever happened. */
@Injectable()
class RemoveUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { file?: UploadedFileInfo }>();
    return next.handle().pipe(
      finalize(() => {
        if (request.file !== undefined) void rm(request.file.path, { force: true });
      }),
    );
  }
}

/** An upload over UPLOAD_MAX_BYTES (multer stops reading it and removes what it stored). */
@Injectable()
class UploadTooLargeInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!(error instanceof PayloadTooLargeException)) return throwError(() => error);
        const limit = this.config.imports.maxBytes;
        return throwError(
          () =>
            new ImportError(
              'FILE_TOO_LARGE',
              `The file is larger than ${Number((limit / 1024 / 1024).toFixed(1))} MiB, the largest upload accepted (UPLOAD_MAX_BYTES); nothing was stored. Split it into smaller files.`,
              { maxBytes: limit },
            ),
        );
      }),
    );
  }
}

@ApiTags('imports')
@Controller('imports')
export class ImportController {
  constructor(
    private readonly imports: ImportService,
    private readonly queries: ImportQueries,
    private readonly reports: ErrorReportService,
    private readonly batches: BatchesService,
  ) {}

  @Post()
  @Roles('maker')
  @UseInterceptors(
    UploadTooLargeInterceptor,
    // The size limit (UPLOAD_MAX_BYTES) comes from MulterModule in ImportsHttpModule.
    FileInterceptor('file', {
      dest: join(tmpdir(), 'dollr-connector-uploads'),
      limits: { files: 1 },
      // Keep folders in the sent name so that such a name is refused, not silently trimmed.
      preservePath: true,
    }),
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
        profile: { type: 'string', example: 'payroll' },
        sheet: { type: 'string' },
        country: { type: 'string', enum: ['LR', 'RW'] },
        currency: { type: 'string', enum: ['USD', 'LRD', 'RWF'] },
        dryRun: { type: 'boolean' },
      },
    },
  })
  @ApiCreatedResponse({ type: ImportResultDto })
  async create(
    @UploadedFile() file: UploadedFileInfo | undefined,
    @Body() body: CreateImportDto,
    @CurrentActor() actor: Actor,
  ): Promise<ImportResult> {
    if (file === undefined) {
      throw new ImportError(
        'FILE_NOT_FOUND',
        'Attach the file to import as the multipart field "file".',
      );
    }
    const outcome = await this.imports.importFile({
      path: file.path,
      fileName: checkedUploadName(file.originalname),
      kind: body.type,
      profile: body.profile,
      sheet: body.sheet,
      country: body.country,
      currency: body.currency,
      dryRun: body.dryRun === true,
      createdBy: actor.name,
      actor,
    });
    return {
      ...outcome.summary,
      batchId: await this.batches.batchIdForImport(outcome.summary, actor),
    };
  }

  @Get()
  @ApiOperation({ summary: 'Imports, newest first' })
  @ApiOkResponse({ type: [ImportDto] })
  list(@Query() query: PageQueryDto): Promise<ImportView[]> {
    return this.queries.list(query.limit ?? 100, query.offset ?? 0);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import: the file, who brought it, counts and totals' })
  @ApiOkResponse({ type: ImportDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ImportView> {
    return this.queries.summary(id);
  }

  @Get(':id/rows')
  @ApiOperation({
    summary: 'Rows of an import in file order, with their normalised fields and problems',
  })
  @ApiOkResponse({ type: [ImportRowDto] })
  rows(@Param('id', ParseIntPipe) id: number, @Query() query: RowsQueryDto): Promise<RowView[]> {
    return this.queries.rows(id, query.status, query.limit ?? 100, query.offset ?? 0);
  }

  @Get(':id/errors')
  @ApiOperation({
    summary:
      "Error report: the file's columns plus Row and Errors, for every invalid or duplicate row",
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async errors(
    @Param('id', ParseIntPipe) id: number,
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
