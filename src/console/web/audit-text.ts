import { describeValue } from './describe.js';
import { formatAmount } from './format.js';
import type { AuditEntry } from './types.js';
import { batchKindLabel, humanise } from './vocabulary.js';

/**
 * Audit entries as sentences: "Kofi approved batch 12 (1 of 2 approvals) — USD 12,000.00.", from
 * the details each action records (src/auth/audit-log.service.ts AUDIT_ACTIONS, and the callers of
 * AuditLog.record). A detail missing from an older entry is left out of its sentence; an action
 * the console does not know yet is still told, with its details as `key: value`.
 */

/** Each audit action in a few words, for a filter or a title. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'import.created': 'File imported',
  'batch.created': 'Batch created',
  'batch.preflight': 'Pre-flight run',
  'batch.approved': 'Batch approved',
  'batch.run': 'Batch started',
  'batch.paused': 'Batch paused',
  'batch.resumed': 'Batch resumed',
  'batch.canceled': 'Batch canceled',
  'batch.retry_failed': 'Failed payments retried',
  'batch.approval_voided': 'Approvals voided',
  'key.created': 'API key created',
  'key.revoked': 'API key revoked',
  'job.run': 'Job run by hand',
  'profile.saved': 'Mapping profile saved',
};

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action)
    ? (AUDIT_ACTION_LABELS[action] ?? action)
    : humanise(action);
}

type Details = Readonly<Record<string, unknown>>;

function detailsOf(entry: Pick<AuditEntry, 'details'>): Details {
  const { details } = entry;
  return typeof details === 'object' && details !== null && !Array.isArray(details)
    ? (details as Details)
    : {};
}

function text(details: Details, key: string): string | null {
  const value = details[key];
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function count(details: Details, key: string): number | null {
  const value = details[key];
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "USD 12,000.00": the currency first, the amount in its decimals, on one line. */
function money(amount: string, currency: string): string {
  return `${currency}\u00a0${formatAmount(amount, currency)}`;
}

interface Total {
  readonly currency: string;
  readonly amount: string | null;
  readonly fees: string | null;
  readonly count: number | null;
}

/** The totals per currency an entry records (`amount` on imports, `requested` on batches). */
function totalsOf(details: Details): Total[] {
  const totals = details.totals;
  if (!Array.isArray(totals)) return [];
  return totals.flatMap((item: unknown): Total[] => {
    if (typeof item !== 'object' || item === null) return [];
    const t = item as Details;
    const currency = text(t, 'currency');
    if (currency === null) return [];
    return [
      {
        currency,
        amount: text(t, 'requested') ?? text(t, 'amount'),
        fees: text(t, 'fees'),
        count: count(t, 'count'),
      },
    ];
  });
}

/** " — USD 1,100.50 and LRD 500.00" (with the fees when asked), or '' for no total. */
function totalsText(totals: readonly Total[], withFees = false): string {
  const parts = totals
    .filter((t) => t.amount !== null)
    .map((t) => {
      const fees =
        withFees && t.fees !== null && !/^0*(\.0*)?$/.test(t.fees)
          ? ` (fees ${money(t.fees, t.currency)})`
          : '';
      return `${money(t.amount ?? '', t.currency)}${fees}`;
    });
  if (parts.length === 0) return '';
  const last = parts.pop() ?? '';
  return ` — ${parts.length === 0 ? last : `${parts.join(', ')} and ${last}`}`;
}

/** The payments the totals count, or null when they do not say. */
function paymentsIn(totals: readonly Total[]): number | null {
  if (totals.length === 0 || totals.some((t) => t.count === null)) return null;
  return totals.reduce((sum, t) => sum + (t.count ?? 0), 0);
}

function who(entry: Pick<AuditEntry, 'actor' | 'role'>): string {
  const actor = entry.actor.trim();
  if (actor === '') return 'Someone';
  return actor === 'system' && entry.role === 'system' ? 'The system' : actor;
}

/** "batch 12", "import 5", "API key 3": what the entry is about. */
export function auditSubject(entry: Pick<AuditEntry, 'subjectType' | 'subjectId'>): string {
  const id = entry.subjectId === null ? '' : ` ${entry.subjectId}`;
  switch (entry.subjectType) {
    case 'batch':
    case 'import':
    case 'profile':
      return `${entry.subjectType}${id}`;
    case 'key':
      return `API key${id}`;
    case 'job':
      return `job run${id}`;
    case null:
      return id === '' ? 'the connector' : `item${id}`;
    default:
      return `${humanise(entry.subjectType).toLowerCase()}${id}`;
  }
}

/** A reason as recorded, in brackets; '' for none or for the default that only repeats the verb. */
function reasonText(details: Details, defaultReason: string): string {
  const reason = text(details, 'reason');
  return reason === null || reason === defaultReason ? '' : ` (${reason})`;
}

/** The entry as one sentence, ending with a full stop. */
export function auditSentence(entry: AuditEntry): string {
  const d = detailsOf(entry);
  const actor = who(entry);
  const subject = auditSubject(entry);
  const totals = totalsOf(d);
  switch (entry.action) {
    case 'import.created': {
      const file = text(d, 'fileName');
      const type = text(d, 'type');
      const counts = [
        count(d, 'rows') === null ? null : plural(count(d, 'rows') ?? 0, 'row'),
        count(d, 'valid') === null ? null : `${count(d, 'valid')} valid`,
        count(d, 'invalid') === null ? null : `${count(d, 'invalid')} invalid`,
        count(d, 'duplicates') === null ? null : plural(count(d, 'duplicates') ?? 0, 'duplicate'),
      ].filter((part) => part !== null);
      return `${actor} imported ${file ?? 'a file'} as ${subject}${type === null ? '' : ` (${type})`}${counts.length === 0 ? '' : `: ${counts.join(', ')}`}${totalsText(totals)}.`;
    }
    case 'batch.created': {
      const kind = text(d, 'kind');
      const payments = count(d, 'payments') ?? paymentsIn(totals);
      return `${actor} created ${subject}${kind === null ? '' : ` (${batchKindLabel(kind)})`}${payments === null ? '' : ` with ${plural(payments, 'payment')}`}${totalsText(totals)}.`;
    }
    case 'batch.preflight': {
      const payments = paymentsIn(totals);
      const rejected = count(d, 'rejected');
      return `${actor} ran the pre-flight of ${subject}${payments === null ? '' : `: ${plural(payments, 'payment')} to make`}${rejected === null || rejected === 0 ? '' : `, ${plural(rejected, 'payment')} rejected`}${totalsText(totals, true)}.`;
    }
    case 'batch.approved': {
      const given = count(d, 'approvals');
      const needed = count(d, 'approvalsRequired');
      const approvals =
        given === null
          ? ''
          : ` (${needed === null ? plural(given, 'approval') : `${given} of ${plural(needed, 'approval')}`}${text(d, 'status') === 'APPROVED' ? ': it can run' : ''})`;
      return `${actor} approved ${subject}${approvals}${totalsText(totals)}.`;
    }
    case 'batch.run':
      return `${actor} started ${subject}${totalsText(totals)}.`;
    case 'batch.paused':
      return `${actor} paused ${subject}${reasonText(d, 'paused by an operator')}.`;
    case 'batch.resumed':
      return `${actor} resumed ${subject}.`;
    case 'batch.canceled': {
      const canceled = count(d, 'canceledPayments');
      return `${actor} canceled ${subject}${reasonText(d, 'canceled by an operator')}${canceled === null || canceled === 0 ? '' : `: ${plural(canceled, 'payment')} not sent yet ${canceled === 1 ? 'was' : 'were'} canceled`}.`;
    }
    case 'batch.retry_failed': {
      const payments = count(d, 'payments') ?? paymentsIn(totals);
      return `${actor} retried ${payments === null ? 'the failed payments' : plural(payments, 'failed payment')} of ${subject}${totalsText(totals)}.`;
    }
    case 'batch.approval_voided': {
      const voided = count(d, 'approvals');
      return `${actor} voided ${voided === null ? 'the approvals' : plural(voided, 'approval')} of ${subject}${reasonText(d, '')}: it must be approved again${totalsText(totals)}.`;
    }
    case 'key.created':
    case 'key.revoked': {
      const name = text(d, 'name');
      const role = text(d, 'role');
      const hint = text(d, 'hint');
      const key = `the ${role === null ? '' : `${role} `}key${name === null ? '' : ` “${name}”`}`;
      const about = [subject, hint === null ? null : `starting ${hint}…`].filter((x) => x !== null);
      return `${actor} ${entry.action === 'key.created' ? 'created' : 'revoked'} ${key} (${about.join(', ')}).`;
    }
    case 'job.run': {
      const job = text(d, 'job');
      const host = text(d, 'host');
      return `${actor} ran ${job === null ? 'a job' : `the job ${job}`} by hand (${subject}${host === null ? '' : ` on ${host}`}).`;
    }
    case 'profile.saved': {
      const name = text(d, 'name');
      const type = text(d, 'type');
      return `${actor} saved the mapping profile${name === null ? ` (${subject})` : ` “${name}”`}${type === null ? '' : ` for ${type}`}.`;
    }
    default: {
      const shown = Object.keys(d).length === 0 ? '' : `: ${describeValue(d)}`;
      return `${actor}: ${auditActionLabel(entry.action).toLowerCase()}, ${subject}${shown}.`;
    }
  }
}
