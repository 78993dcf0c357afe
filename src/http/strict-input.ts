import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppError } from '../common/app-error';
import { RequestValidationError } from './validation';

/** The largest id accepted in a path: larger ones name nothing and would lose precision. */
const MAX_ID_DIGITS = 15;

/**
 * A path id: decimal digits only (`12`), never `0x10`, `1e1`, ` 1` or `+1`, which ParseIntPipe
 * and Number() would take for numbers.
 */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[0-9]+$/.test(value) || value.length > MAX_ID_DIGITS) {
      throw new AppError(
        'INVALID_ID',
        'An id in the path is a whole number in decimal digits.',
        400,
      );
    }
    return Number(value);
  }
}

/**
 * Refuses query parameters on routes that take none, as unknown body fields are refused; routes
 * with a query DTO refuse unknown ones through the validation pipe (forbidNonWhitelisted).
 */
@Injectable()
export class StrictQueryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const names = Object.keys(context.switchToHttp().getRequest<Request>().query ?? {});
      if (names.length > 0 && !takesQuery(context)) {
        throw new RequestValidationError(
          names.map((field) => ({ field, problems: [`property ${field} should not exist`] })),
        );
      }
    }
    return next.handle();
  }
}

function takesQuery(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(
    ROUTE_ARGS_METADATA,
    context.getClass(),
    context.getHandler().name,
  ) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some(
    (key) => Number(key.split(':')[0]) === Number(RouteParamtypes.QUERY),
  );
}
