/**
 * Roles of API keys. `viewer` reads; `maker` also uploads and creates, runs, pauses, resumes,
 * cancels and retries batches; `checker` reads and approves; `admin` may do everything, including
 * managing keys. Approving is still refused to the person who uploaded the batch (maker-checker is
 * checked on identity, not only on role), so an admin cannot approve their own upload either.
 */
export const ROLES = ['viewer', 'maker', 'checker', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * Whether a key with `role` may call a route open to `required` roles. `viewer` in the list opens
 * the route to every role; `admin` may call every route.
 */
export function roleAllows(role: Role, required: readonly Role[]): boolean {
  return role === 'admin' || required.includes('viewer') || required.includes(role);
}

/** The roles a route needs when it declares none: reading is for everyone, anything else for admins. */
export function defaultRolesFor(method: string): readonly Role[] {
  return ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase()) ? ['viewer'] : ['admin'];
}

/** Who may call a route, in words, for the 403 message. */
export function describeRoles(required: readonly Role[]): string {
  if (required.includes('viewer')) return 'any role';
  const roles = [...new Set<Role>([...required, 'admin'])];
  return roles.length === 1 ? `the ${roles[0]} role` : `one of the roles ${roles.join(', ')}`;
}
