import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { Response } from 'express';
import { AppError } from '../common/app-error';
import { redactText, redactValue } from '../common/redact';
import { codeForStatus, errorBody } from './error-response';
import { RequestValidationError } from './validation';

/** Turns every error into `{"error": {"code", "message", "details"}}`; never leaks stacks or secrets. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.describe(exception);
    if (status >= 500) {
      this.logger.error({ err: exception }, 'request failed');
    }
    if (!response.headersSent) response.status(status).json(body);
  }

  private describe(exception: unknown): { status: number; body: ReturnType<typeof errorBody> } {
    if (exception instanceof RequestValidationError) {
      return {
        status: 400,
        body: errorBody('VALIDATION_FAILED', exception.message, exception.fields),
      };
    }
    if (exception instanceof AppError) {
      return {
        status: exception.status,
        body: errorBody(
          exception.code,
          redactText(exception.message),
          redactValue(exception.details),
        ),
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return {
        status,
        body: errorBody(codeForStatus(status), redactText(exception.message), null),
      };
    }
    const status = httpStatusOf(exception);
    if (status !== undefined && status < 500) {
      // Errors raised by Express middleware (malformed JSON, body too large) carry a status.
      return { status, body: errorBody(codeForStatus(status), publicMessage(status), null) };
    }
    return {
      status: 500,
      body: errorBody('INTERNAL_ERROR', 'An unexpected error occurred. It has been logged.', null),
    };
  }
}

function httpStatusOf(exception: unknown): number | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const status =
    (exception as { status?: unknown; statusCode?: unknown }).status ??
    (exception as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function publicMessage(status: number): string {
  if (status === 400) return 'The request body could not be read (is it valid JSON?).';
  if (status === 413) return 'The request body is too large.';
  return 'The request could not be processed.';
}
