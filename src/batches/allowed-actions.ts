import type { Actor } from '../auth/actor';
import { samePerson } from '../auth/identity';

export const BATCH_ACTIONS = [
  'preflight',
  'approve',
  'run',
  'pause',
  'resume',
  'cancel',
  'retry-failed',
] as const;
export type BatchAction = (typeof BATCH_ACTIONS)[number];

/** What the batch's status allows, as its state machine does. */
function actionsOfStatus(status: string, failed: number): BatchAction[] {
  switch (status) {
    case 'DRAFT':
      return ['preflight', 'cancel'];
    case 'AWAITING_APPROVAL':
      return ['approve', 'preflight', 'cancel'];
    case 'APPROVED':
      return ['run', 'cancel'];
    case 'RUNNING':
      return ['pause', 'cancel'];
    case 'PAUSED':
      return failed > 0 ? ['resume', 'retry-failed', 'cancel'] : ['resume', 'cancel'];
    case 'COMPLETED_WITH_FAILURES':
      return ['retry-failed'];
    default:
      return [];
  }
}

export interface BatchForActions {
  readonly status: string;
  readonly createdBy: string;
  readonly approvals: readonly { approvedBy: string; valid: boolean }[];
  readonly counts: { readonly FAILED: number };
  /** ISO time after which the batch can no longer be approved. */
  readonly expiresAt: string;
}

/**
 * The actions `actor` may take on the batch now: those its status allows, that the actor's role
 * may take (approving: checker or admin; the rest: maker or admin), and approving only for a
 * person who neither imported the batch nor approved it already, before the batch expires. The
 * server checks each again.
 */
export function allowedActions(
  batch: BatchForActions,
  actor: Actor,
  now: Date = new Date(),
): BatchAction[] {
  const operates = actor.role === 'maker' || actor.role === 'admin' || actor.role === 'cli';
  const approves = actor.role === 'checker' || actor.role === 'admin' || actor.role === 'cli';
  return actionsOfStatus(batch.status, batch.counts.FAILED).filter((action) => {
    if (action !== 'approve') return operates;
    if (!approves || samePerson(actor.name, batch.createdBy)) return false;
    if (Date.parse(batch.expiresAt) < now.getTime()) return false;
    return !batch.approvals.some((a) => a.valid && samePerson(a.approvedBy, actor.name));
  });
}
