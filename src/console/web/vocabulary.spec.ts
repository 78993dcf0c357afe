import {
  BATCH_STATUS_LABELS,
  batchKindLabel,
  humanise,
  IMPORT_STATUS_LABELS,
  IMPORT_TYPE_LABELS,
  importTypeLabel,
  JOB_STATUS_LABELS,
  METHOD_LABELS,
  methodLabel,
  operatorText,
  PAYMENT_STATUS_LABELS,
  PROVIDER_LABELS,
  providerLabel,
  ROW_STATUS_LABELS,
  statusLabel,
  type StatusKind,
} from './vocabulary';

/**
 * Every code the server can send, as its sources list them (the console cannot import them: it
 * is compiled for the browser on its own).
 */
const SERVER_CODES = {
  /** BATCH_STATUSES, src/batches/batch-status.ts */
  batch: [
    'DRAFT',
    'AWAITING_APPROVAL',
    'APPROVED',
    'RUNNING',
    'PAUSED',
    'COMPLETED',
    'COMPLETED_WITH_FAILURES',
    'CANCELED',
  ],
  /** PAYMENT_STATUSES, src/payments/entities/payment.entity.ts; STUCK from src/reports/write-back.ts */
  payment: [
    'PENDING',
    'PROCESSING',
    'COMPLETED',
    'FAILED',
    'CANCELED',
    'REJECTED',
    'AWAITING_PAYMENT',
    'STUCK',
  ],
  /** ROW_STATUSES, src/imports/import.types.ts */
  row: ['valid', 'invalid', 'duplicate', 'skipped'],
  /** ImportSummary.status, src/imports/import.types.ts */
  import: ['imported', 'dry-run'],
  /** JobRunStatus, src/reconciliation/entities/job-run.entity.ts */
  job: ['RUNNING', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'ABANDONED'],
} satisfies Record<StatusKind, string[]>;

/** PaymentMethod and GatewayProvider, src/dollr/types/enums.ts (and src/sandbox/rules/enums.ts). */
const METHODS = [
  'MTN_MOMO_LBR',
  'ORANGE_MONEY_LBR',
  'AIRTEL_RWA',
  'MTN_MOMO_RWA',
  'ORANGE_MONEY_RWA',
  'CREDIT_CARD',
  'WALLET',
];
const PROVIDERS = ['PAWAPAY', 'STRIPE', 'PLATFORM'];

describe('statuses in words', () => {
  const tables: Record<StatusKind, Readonly<Record<string, string>>> = {
    batch: BATCH_STATUS_LABELS,
    payment: PAYMENT_STATUS_LABELS,
    row: ROW_STATUS_LABELS,
    import: IMPORT_STATUS_LABELS,
    job: JOB_STATUS_LABELS,
  };

  it.each(Object.keys(SERVER_CODES) as StatusKind[])(
    'names every %s status the server sends, and no other',
    (kind) => {
      expect(Object.keys(tables[kind]).sort()).toEqual([...SERVER_CODES[kind]].sort());
      for (const code of SERVER_CODES[kind]) {
        expect(statusLabel(kind, code)).toBe(tables[kind][code]);
        expect(statusLabel(kind, code)).not.toMatch(/_/);
      }
    },
  );

  it.each([
    ['payment', 'PENDING', 'Pending'],
    ['payment', 'AWAITING_PAYMENT', 'Awaiting the customer’s payment'],
    ['batch', 'AWAITING_APPROVAL', 'Awaiting approval'],
    ['batch', 'COMPLETED_WITH_FAILURES', 'Completed with failures'],
    ['row', 'skipped', 'Skipped: totals row'],
    ['job', 'SUCCEEDED', 'Succeeded'],
  ] as const)('%s %s → %s', (kind, code, words) => {
    expect(statusLabel(kind, code)).toBe(words);
  });

  it('shows a status it does not know yet in words too', () => {
    expect(statusLabel('payment', 'ON_HOLD')).toBe('On hold');
    expect(statusLabel('row', 'needs-review')).toBe('Needs review');
    expect(statusLabel('batch', '')).toBe('—');
  });

  it('is not fooled by the names of Object.prototype', () => {
    expect(statusLabel('batch', 'constructor')).toBe('Constructor');
    expect(statusLabel('payment', 'toString')).toBe('Tostring');
    expect(methodLabel('__proto__')).toBe('Proto');
  });
});

describe('operators in words', () => {
  it('names every method and network the server sends, and no other', () => {
    expect(Object.keys(METHOD_LABELS).sort()).toEqual([...METHODS].sort());
    expect(Object.keys(PROVIDER_LABELS).sort()).toEqual([...PROVIDERS].sort());
    for (const method of METHODS) expect(methodLabel(method)).not.toMatch(/_/);
  });

  it.each([
    ['MTN_MOMO_LBR', 'MTN Mobile Money, Liberia'],
    ['ORANGE_MONEY_LBR', 'Orange Money, Liberia'],
    ['AIRTEL_RWA', 'Airtel Money, Rwanda'],
    ['MTN_MOMO_RWA', 'MTN Mobile Money, Rwanda'],
    ['ORANGE_MONEY_RWA', 'Orange Money, Rwanda'],
    ['CREDIT_CARD', 'Card'],
    ['WALLET', 'Dollr wallet'],
  ])('%s → %s', (code, words) => {
    expect(methodLabel(code)).toBe(words);
  });

  it('reads a method code it does not know by its operator and market', () => {
    expect(methodLabel('AIRTEL_OAPI_RWA')).toBe('Airtel Money, Rwanda');
    expect(methodLabel('ORANGE_LBR')).toBe('Orange Money, Liberia');
    expect(methodLabel('MTN_MOMO_GHA')).toBe('MTN Mobile Money');
    expect(methodLabel('MTN')).toBe('MTN Mobile Money');
    expect(methodLabel('BANK_TRANSFER')).toBe('Bank transfer');
  });

  it('names the networks', () => {
    expect(providerLabel('PAWAPAY')).toBe('pawaPay');
    expect(providerLabel('PLATFORM')).toBe('Dollr');
    expect(providerLabel('NEW_NETWORK')).toBe('New network');
  });

  it('shows the method in words and keeps the codes', () => {
    expect(operatorText('MTN_MOMO_LBR', 'PAWAPAY')).toEqual({
      text: 'MTN Mobile Money, Liberia',
      code: 'MTN_MOMO_LBR via PAWAPAY',
    });
    expect(operatorText(null, 'STRIPE')).toEqual({ text: 'Through Stripe', code: 'STRIPE' });
    expect(operatorText('WALLET', null)).toEqual({ text: 'Dollr wallet', code: 'WALLET' });
    expect(operatorText(null, null)).toEqual({ text: '—', code: '' });
    expect(operatorText('', ' ')).toEqual({ text: '—', code: '' });
  });
});

describe('kinds in words', () => {
  it('names both import types and batch kinds', () => {
    expect(Object.keys(IMPORT_TYPE_LABELS).sort()).toEqual(['payables', 'receivables']);
    expect(importTypeLabel('payables')).toBe('Payables (money paid out)');
    expect(importTypeLabel('receivables')).toBe('Receivables (money collected)');
    expect(importTypeLabel('transfers')).toBe('Transfers');
    expect(batchKindLabel('PAYOUT')).toBe('payouts');
    expect(batchKindLabel('INVOICE')).toBe('invoices');
    expect(batchKindLabel('REFUND_RUN')).toBe('refund run');
  });

  it('humanises codes', () => {
    expect(humanise('SOME_NEW_CODE')).toBe('Some new code');
    expect(humanise('batch.retry_failed')).toBe('Batch retry failed');
    expect(humanise('  ')).toBe('—');
  });
});
