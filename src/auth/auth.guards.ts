import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../common/app-error';
import { presentedApiKey } from './api-key.util';
import { ApiKeysService } from './api-keys.service';
import { type AuthenticatedRequest, IS_PUBLIC, REQUIRED_ROLES } from './auth.decorators';
import { defaultRolesFor, describeRoles, roleAllows, type Role } from './roles';

interface KeyedRequest extends AuthenticatedRequest {
  /** Set by IdentifyCaller: the presented key was checked (valid or not). */
  keyChecked?: { presented: boolean };
}

function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return (
    reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]) === true
  );
}

/**
 * First guard: finds who calls (the API key in `Authorization: Bearer` or `X-API-Key`) without
 * refusing anything yet, so that the rate limit can count per key and the access guard decide.
 */
@Injectable()
export class IdentifyCaller implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeysService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http' || isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const key = presentedApiKey(request.headers);
    request.keyChecked = { presented: key !== undefined };
    if (key !== undefined) request.actor = (await this.keys.authenticate(key)) ?? undefined;
    return true;
  }
}

/** Second guard: HTTP_RATE_LIMIT_PER_MINUTE per API key (per client address without one). */
@Injectable()
export class RateLimit extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const { actor, headers, ip } = request as unknown as KeyedRequest;
    if (actor?.keyId != null) return Promise.resolve(`key:${actor.keyId}`);
    const key = presentedApiKey(headers);
    // An unknown key is counted with the address it comes from: rotating guesses does not help.
    return Promise.resolve(`ip:${ip ?? 'unknown'}${key === undefined ? '' : ':bad-key'}`);
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw new AppError(
      'RATE_LIMITED',
      `Too many requests: at most ${detail.limit} per minute. Wait ${detail.timeToBlockExpire} s and try again.`,
      429,
      { limit: detail.limit, retryAfterSeconds: detail.timeToBlockExpire },
    );
  }
}

/** Third guard: a valid, unrevoked key (401) whose role the route allows (403). */
@Injectable()
export class RequireRole implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<KeyedRequest>();
    const actor = request.actor;
    if (actor === undefined) {
      throw new AppError(
        'UNAUTHENTICATED',
        request.keyChecked?.presented === true
          ? 'The API key is not valid or has been revoked. Ask an administrator for a key.'
          : 'An API key is required: send it as "Authorization: Bearer <key>" or "X-API-Key: <key>".',
        401,
      );
    }
    const required =
      this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [
        context.getHandler(),
        context.getClass(),
      ]) ?? defaultRolesFor(request.method);
    if (actor.role === 'cli' || actor.role === 'system' || !roleAllows(actor.role, required)) {
      throw new AppError(
        'FORBIDDEN',
        `${request.method} ${request.path} needs ${describeRoles(required)}; the key "${actor.name}" has the role ${actor.role}.`,
        403,
        { required: describeRoles(required), role: actor.role },
      );
    }
    return true;
  }
}
