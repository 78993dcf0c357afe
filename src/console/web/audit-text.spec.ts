import { AUDIT_ACTION_LABELS, auditActionLabel, auditSentence, auditSubject } from './audit-text';
import type { AuditEntry } from './types';

// The browser modules import each other as './x.js' (what the browser loads); Jest finds them here.
jest.mock('./describe.js', () => jest.requireActual<object>('./describe'), { virtual: true });
jest.mock('./format.js', () => jest.requireActual<object>('./format'), { virtual: true });
jest.mock('./vocabulary.js', () => jest.requireActual<object>('./vocabulary'), { virtual: true });

/** AUDIT_ACTIONS, src/auth/audit-log.service.ts: the console words each. */
const SERVER_ACTIONS = [
  'import.created',
  'batch.created',
  'batch.preflight',
  'batch.approved',
  'batch.run',
  'batch.paused',
  'batch.resumed',
  'batch.canceled',
  'batch.retry_failed',
  'batch.approval_voided',
  'key.created',
  'key.revoked',
  'job.run',
  'profile.saved',
];

function entry(
  action: string,
  details: unknown,
  subject: Partial<Pick<AuditEntry, 'subjectType' | 'subjectId' | 'actor' | 'role'>> = {},
): AuditEntry {
  return {
    id: 1,
    at: '2026-03-01T10:00:00.000Z',
    actor: 'Kofi',
    role: 'checker',
    action,
    subjectType: 'batch',
    subjectId: 12,
    details,
    ...subject,
  };
}

/** What each action records (the callers of AuditLog.record), and its sentence. */
const EXAMPLES: readonly (readonly [AuditEntry, string])[] = [
  [
    entry(
      'import.created',
      {
        fileName: 'payroll-march.csv',
        type: 'payables',
        rows: 3,
        valid: 2,
        invalid: 1,
        duplicates: 0,
        totals: [{ currency: 'USD', amount: '1100.5' }],
      },
      { actor: 'Mary Maker', role: 'maker', subjectType: 'import', subjectId: 5 },
    ),
    'Mary Maker imported payroll-march.csv as import 5 (payables): 3 rows, 2 valid, 1 invalid, 0 duplicates — USD\u00a01,100.50.',
  ],
  [
    entry(
      'batch.created',
      {
        from: 'DRAFT',
        kind: 'PAYOUT',
        payments: 2,
        totals: [
          {
            currency: 'USD',
            count: 2,
            requested: '1100.50',
            fees: '0.00',
            payerTotal: '1100.50',
            payeeTotal: '1100.50',
          },
        ],
      },
      { actor: 'system', role: 'system' },
    ),
    'The system created batch 12 (payouts) with 2 payments — USD\u00a01,100.50.',
  ],
  [
    entry(
      'batch.preflight',
      {
        from: 'DRAFT',
        rejected: 1,
        totals: [
          { currency: 'LRD', count: 1, requested: '5000', fees: '50.00' },
          { currency: 'USD', count: 2, requested: '1100.50', fees: '22.01' },
        ],
      },
      { actor: 'Mary Maker', role: 'maker' },
    ),
    'Mary Maker ran the pre-flight of batch 12: 3 payments to make, 1 payment rejected — LRD\u00a05,000.00 (fees LRD\u00a050.00) and USD\u00a01,100.50 (fees USD\u00a022.01).',
  ],
  [
    entry('batch.approved', {
      from: 'AWAITING_APPROVAL',
      totals: [{ currency: 'USD', count: 40, requested: '12000', fees: '120.00' }],
      approvals: 1,
      approvalsRequired: 2,
      status: 'AWAITING_APPROVAL',
    }),
    'Kofi approved batch 12 (1 of 2 approvals) — USD\u00a012,000.00.',
  ],
  [
    entry('batch.approved', {
      from: 'AWAITING_APPROVAL',
      totals: [{ currency: 'RWF', count: 1, requested: '15000', fees: '0' }],
      approvals: 2,
      approvalsRequired: 2,
      status: 'APPROVED',
    }),
    'Kofi approved batch 12 (2 of 2 approvals: it can run) — RWF\u00a015,000.',
  ],
  [
    entry(
      'batch.run',
      { from: 'APPROVED', totals: [{ currency: 'USD', count: 2, requested: '1100.50' }] },
      { actor: 'Mary Maker' },
    ),
    'Mary Maker started batch 12 — USD\u00a01,100.50.',
  ],
  [
    entry('batch.paused', { from: 'RUNNING', reason: 'paused by an operator' }),
    'Kofi paused batch 12.',
  ],
  [
    entry(
      'batch.paused',
      { from: 'RUNNING', reason: 'the payout passcode was refused by Dollr' },
      { actor: 'system', role: 'system' },
    ),
    'The system paused batch 12 (the payout passcode was refused by Dollr).',
  ],
  [entry('batch.resumed', { from: 'PAUSED' }), 'Kofi resumed batch 12.'],
  [
    entry('batch.canceled', {
      from: 'PAUSED',
      reason: 'canceled by an operator',
      canceledPayments: 3,
    }),
    'Kofi canceled batch 12: 3 payments not sent yet were canceled.',
  ],
  [
    entry(
      'batch.canceled',
      {
        from: 'AWAITING_APPROVAL',
        reason: 'expired: not approved within 7 day(s)',
        canceledPayments: 1,
      },
      { actor: 'system', role: 'system' },
    ),
    'The system canceled batch 12 (expired: not approved within 7 day(s)): 1 payment not sent yet was canceled.',
  ],
  [
    entry('batch.retry_failed', {
      from: 'COMPLETED_WITH_FAILURES',
      payments: 2,
      totals: [{ currency: 'USD', count: 2, requested: '50' }],
    }),
    'Kofi retried 2 failed payments of batch 12 — USD\u00a050.00.',
  ],
  [
    entry(
      'batch.approval_voided',
      {
        from: 'AWAITING_APPROVAL',
        reason: 'pre-flight ran again',
        approvals: 1,
        totals: [{ currency: 'USD', count: 2, requested: '1100.50' }],
      },
      { actor: 'Mary Maker' },
    ),
    'Mary Maker voided 1 approval of batch 12 (pre-flight ran again): it must be approved again — USD\u00a01,100.50.',
  ],
  [
    entry(
      'batch.approval_voided',
      { from: 'APPROVED', reason: 'the batch changed after approval', totals: [] },
      { actor: 'Mary Maker' },
    ),
    'Mary Maker voided the approvals of batch 12 (the batch changed after approval): it must be approved again.',
  ],
  [
    entry(
      'key.created',
      { name: 'Chris Checker', role: 'checker', hint: 'dck_1a2b3c' },
      { actor: 'Ada Admin', role: 'admin', subjectType: 'key', subjectId: 3 },
    ),
    'Ada Admin created the checker key “Chris Checker” (API key 3, starting dck_1a2b3c…).',
  ],
  [
    entry(
      'key.revoked',
      { name: 'Chris Checker', role: 'checker', hint: 'dck_1a2b3c' },
      { actor: 'Ada Admin', role: 'admin', subjectType: 'key', subjectId: 3 },
    ),
    'Ada Admin revoked the checker key “Chris Checker” (API key 3, starting dck_1a2b3c…).',
  ],
  [
    entry(
      'job.run',
      { job: 'status-poll', slot: 'manual:2026-03-01T10:00:00.000Z:a1b2c3', host: 'app-1' },
      { actor: 'Ada Admin', role: 'admin', subjectType: 'job', subjectId: 77 },
    ),
    'Ada Admin ran the job status-poll by hand (job run 77 on app-1).',
  ],
  [
    entry(
      'profile.saved',
      { name: 'acme-ledger', type: 'payables' },
      { actor: 'Mary Maker', role: 'maker', subjectType: 'profile', subjectId: 4 },
    ),
    'Mary Maker saved the mapping profile “acme-ledger” for payables.',
  ],
];

describe('audit entries as sentences', () => {
  it.each(EXAMPLES.map(([e, sentence]) => [e.action, e, sentence] as const))(
    '%s',
    (_action, e, sentence) => {
      expect(auditSentence(e)).toBe(sentence);
    },
  );

  it('has a sentence and words for every action the server records', () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...SERVER_ACTIONS].sort());
    expect(new Set(EXAMPLES.map(([e]) => e.action))).toEqual(new Set(SERVER_ACTIONS));
  });

  it.each(SERVER_ACTIONS)('tells %s without its details, never as raw data', (action) => {
    for (const details of [{}, null, 'odd', [1, 2], { totals: 'x', approvals: -1 }]) {
      const sentence = auditSentence(entry(action, details));
      expect(sentence).toMatch(/^Kofi [a-z].*\.$/);
      expect(sentence).not.toMatch(/[{}[\]]|undefined|null|NaN|object|\s\s|\(\)/);
    }
  });

  it('tells an action it does not know yet, with its details', () => {
    expect(
      auditSentence(entry('batch.archived', { reason: 'old', payments: 3 }, { actor: 'Ada' })),
    ).toBe('Ada: batch archived, batch 12: reason: old, payments: 3.');
    expect(auditSentence(entry('webhook.sent', {}, { subjectType: null, subjectId: null }))).toBe(
      'Kofi: webhook sent, the connector.',
    );
    expect(auditActionLabel('batch.approved')).toBe('Batch approved');
    expect(auditActionLabel('batch.archived')).toBe('Batch archived');
  });

  it('names the subject', () => {
    expect(auditSubject({ subjectType: 'import', subjectId: 5 })).toBe('import 5');
    expect(auditSubject({ subjectType: 'key', subjectId: '3' })).toBe('API key 3');
    expect(auditSubject({ subjectType: 'webhook_event', subjectId: 9 })).toBe('webhook event 9');
  });

  it('says who when the entry names no one', () => {
    expect(auditSentence(entry('batch.resumed', {}, { actor: ' ' }))).toBe(
      'Someone resumed batch 12.',
    );
  });
});
