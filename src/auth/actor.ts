import { userInfo } from 'node:os';
import { identityOf, requireIdentity } from './identity';
import type { Role } from './roles';

/**
 * Who does something: an API key (its name and role), a person at the command line, or the
 * connector itself (scheduled expiry). Recorded in the audit log and used for maker-checker.
 */
export interface Actor {
  readonly name: string;
  readonly role: Role | 'cli' | 'system';
  /** The API key's id, for HTTP callers. */
  readonly keyId: number | null;
}

/** The connector's own actions (expiring unapproved batches, scheduled work). */
export const SYSTEM_ACTOR: Actor = { name: 'system', role: 'system', keyId: null };

/** The operating-system user running the CLI. */
export function osUserName(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A person at the command line: the identity of `--as` when given (refused when empty), else
 * `cli:<os user>`; the same string goes into `createdBy`, approvals and the audit log.
 */
export function cliActor(as?: string): Actor {
  const name =
    as === undefined ? `cli:${identityOf(osUserName())}` : requireIdentity(as, '--as name');
  return { name, role: 'cli', keyId: null };
}
