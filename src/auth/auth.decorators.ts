import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor } from './actor';
import type { Role } from './roles';

export const IS_PUBLIC = 'dollr:public';
export const REQUIRED_ROLES = 'dollr:roles';

/** Open to callers without an API key (health, docs, the console's files). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * The roles that may call a route (admin always may; 'viewer' opens it to every role).
 * Without it: GET is open to every role, any other method to admins only.
 *
 *     @Post(':name/run') @Roles('maker') run(...)
 */
export const Roles = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_ROLES, roles);

/** A request after the API key guard: the caller, when a valid key was presented. */
export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

/** The caller of the current request (the guard has checked the key). */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (actor === undefined) throw new Error('CurrentActor used on a route without an API key');
  return actor;
});
