import { AUDIT_ACTIONS } from '../../src/auth/audit-log.service';
import { BATCH_STATUSES } from '../../src/batches/batch-status';
import type { BatchKind } from '../../src/batches/entities/batch.entity';
import { AUDIT_ACTION_LABELS } from '../../src/console/web/audit-text';
import {
  BATCH_KIND_LABELS,
  BATCH_STATUS_LABELS,
  IMPORT_STATUS_LABELS,
  IMPORT_TYPE_LABELS,
  JOB_STATUS_LABELS,
  METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
  PROVIDER_LABELS,
  ROW_STATUS_LABELS,
} from '../../src/console/web/vocabulary';
import { IMPORT_KINDS, type ImportSummary, ROW_STATUSES } from '../../src/imports/import.types';
import { PAYMENT_STATUSES } from '../../src/payments/entities/payment.entity';
import type { JobRunStatus } from '../../src/reconciliation/entities/job-run.entity';
import { PAYMENT_METHODS, PROVIDERS } from '../../src/sandbox/rules/enums';

// audit-text imports the console's modules as the browser loads them ('./x.js').
jest.mock(
  '../../src/console/web/describe.js',
  () => jest.requireActual<object>('../../src/console/web/describe'),
  {
    virtual: true,
  },
);
jest.mock(
  '../../src/console/web/format.js',
  () => jest.requireActual<object>('../../src/console/web/format'),
  {
    virtual: true,
  },
);
jest.mock(
  '../../src/console/web/vocabulary.js',
  () => jest.requireActual<object>('../../src/console/web/vocabulary'),
  { virtual: true },
);

/**
 * The console is compiled on its own and imports nothing from the server: the words it has for
 * the server's codes are checked here against the server's own lists, so a status, an operator or
 * an audit action the server adds is worded in the console too. (A sibling of
 * src/batches/console-vocabulary.spec.ts, which checks the batch actions.)
 */
describe('the console words every code the server sends', () => {
  const keys = (labels: Readonly<Record<string, string>>): string[] => Object.keys(labels).sort();

  it('batch, payment and row statuses', () => {
    expect(keys(BATCH_STATUS_LABELS)).toEqual([...BATCH_STATUSES].sort());
    // STUCK: what the reports write for a payment left PROCESSING too long.
    expect(keys(PAYMENT_STATUS_LABELS)).toEqual([...PAYMENT_STATUSES, 'STUCK'].sort());
    expect(keys(ROW_STATUS_LABELS)).toEqual([...ROW_STATUSES].sort());
  });

  it('import statuses and types, job run statuses and batch kinds', () => {
    // Types only on the server: a value it adds fails to compile here.
    const importStatuses: Record<ImportSummary['status'], true> = {
      imported: true,
      'dry-run': true,
    };
    const jobStatuses: Record<JobRunStatus, true> = {
      RUNNING: true,
      SUCCEEDED: true,
      FAILED: true,
      SKIPPED: true,
      ABANDONED: true,
    };
    const batchKinds: Record<BatchKind, true> = { PAYOUT: true, INVOICE: true };
    expect(keys(IMPORT_STATUS_LABELS)).toEqual(Object.keys(importStatuses).sort());
    expect(keys(JOB_STATUS_LABELS)).toEqual(Object.keys(jobStatuses).sort());
    expect(keys(BATCH_KIND_LABELS)).toEqual(Object.keys(batchKinds).sort());
    expect(keys(IMPORT_TYPE_LABELS)).toEqual([...IMPORT_KINDS].sort());
  });

  it('payment methods and networks (Dollr enums, as the sandbox lists them)', () => {
    expect(keys(METHOD_LABELS)).toEqual([...PAYMENT_METHODS].sort());
    expect(keys(PROVIDER_LABELS)).toEqual([...PROVIDERS].sort());
  });

  it('audit actions', () => {
    expect(keys(AUDIT_ACTION_LABELS)).toEqual([...AUDIT_ACTIONS].sort());
  });
});
