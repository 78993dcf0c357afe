import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request } from 'express';
import { rm } from 'node:fs/promises';
import { catchError, finalize, type Observable, throwError } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { ImportError } from './import.errors';

/** The part of multer's file description used here (@types/multer is not a dependency). */
export interface UploadedFileInfo {
  readonly originalname: string;
  readonly path: string;
  readonly size: number;
}

/** The parts of an import upload: the file, and optionally the profile as a JSON document. */
export interface UploadedParts {
  readonly file?: UploadedFileInfo[];
  readonly profileFile?: UploadedFileInfo[];
}

/** Deletes the uploaded temporary files once the request is answered, whatever happened. */
@Injectable()
export class RemoveUploadInterceptor implements NestInterceptor {
  private readonly logger = new Logger(RemoveUploadInterceptor.name);

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { files?: UploadedParts }>();
    return next.handle().pipe(
      finalize(() => {
        for (const part of Object.values(request.files ?? {}) as UploadedFileInfo[][]) {
          for (const file of part) {
            rm(file.path, { force: true }).catch((error: unknown) =>
              this.logger.warn(`The upload ${file.path} could not be removed: ${String(error)}`),
            );
          }
        }
      }),
    );
  }
}

/** An upload over UPLOAD_MAX_BYTES (multer stops reading it and removes what it stored). */
@Injectable()
export class UploadTooLargeInterceptor implements NestInterceptor {
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
