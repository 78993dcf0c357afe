/**
 * The codes the API answers with (statuses, operators, kinds) in the words the console shows.
 * Every code the server can send has its words here; one it adds later is still shown readably
 * (`SOME_NEW_CODE` → "Some new code") and the code itself is kept for a title attribute.
 *
 * Compiled for the browser on its own: this module imports nothing.
 */

/** "SOME_NEW_CODE" or "some-new-code" → "Some new code"; '' → '—'. */
export function humanise(code: string): string {
  const words = code
    .trim()
    .replace(/[_.\-\s]+/g, ' ')
    .trim()
    .toLowerCase();
  return words === '' ? '—' : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/** A batch's status (BATCH_STATUSES of src/batches/batch-status.ts). */
export const BATCH_STATUS_LABELS: Readonly<Record<string, string>> = {
  DRAFT: 'Draft: pre-flight not run yet',
  AWAITING_APPROVAL: 'Awaiting approval',
  APPROVED: 'Approved',
  RUNNING: 'Running',
  PAUSED: 'Paused',
  COMPLETED: 'Completed',
  COMPLETED_WITH_FAILURES: 'Completed with failures',
  CANCELED: 'Canceled',
};

/**
 * A payment's status (PAYMENT_STATUSES of src/payments/entities/payment.entity.ts), and STUCK,
 * which the reports write for a payment left PROCESSING too long.
 */
export const PAYMENT_STATUS_LABELS: Readonly<Record<string, string>> = {
  PENDING: 'Pending',
  PROCESSING: 'Processing',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  REJECTED: 'Rejected at pre-flight',
  AWAITING_PAYMENT: 'Awaiting the customer’s payment',
  STUCK: 'Stuck: no final status from Dollr',
};

/** An import row's status (ROW_STATUSES of src/imports/import.types.ts). */
export const ROW_STATUS_LABELS: Readonly<Record<string, string>> = {
  valid: 'Valid',
  invalid: 'Invalid',
  duplicate: 'Duplicate',
  skipped: 'Skipped: totals row',
};

/** What `POST /imports` answers as `status`. */
export const IMPORT_STATUS_LABELS: Readonly<Record<string, string>> = {
  imported: 'Imported',
  'dry-run': 'Checked only (dry run): nothing stored',
};

/** A scheduled job run's status (JobRunStatus of src/reconciliation/entities/job-run.entity.ts). */
export const JOB_STATUS_LABELS: Readonly<Record<string, string>> = {
  RUNNING: 'Running',
  SUCCEEDED: 'Succeeded',
  FAILED: 'Failed',
  SKIPPED: 'Skipped: nothing to do',
  ABANDONED: 'Abandoned: its process stopped',
};

export type StatusKind = 'batch' | 'payment' | 'row' | 'import' | 'job';

const STATUS_LABELS: Readonly<Record<StatusKind, Readonly<Record<string, string>>>> = {
  batch: BATCH_STATUS_LABELS,
  payment: PAYMENT_STATUS_LABELS,
  row: ROW_STATUS_LABELS,
  import: IMPORT_STATUS_LABELS,
  job: JOB_STATUS_LABELS,
};

function own(labels: Readonly<Record<string, string>>, code: string): string | undefined {
  return Object.hasOwn(labels, code) ? labels[code] : undefined;
}

/** A status in words: "AWAITING_APPROVAL" → "Awaiting approval"; an unknown one humanised. */
export function statusLabel(kind: StatusKind, code: string): string {
  return own(STATUS_LABELS[kind], code) ?? humanise(code);
}

/** An import's type (IMPORT_KINDS). */
export const IMPORT_TYPE_LABELS: Readonly<Record<string, string>> = {
  payables: 'Payables (money paid out)',
  receivables: 'Receivables (money collected)',
};

export function importTypeLabel(code: string): string {
  return own(IMPORT_TYPE_LABELS, code) ?? humanise(code);
}

/** A batch's kind (BatchKind of src/batches/entities/batch.entity.ts). */
export const BATCH_KIND_LABELS: Readonly<Record<string, string>> = {
  PAYOUT: 'payouts',
  INVOICE: 'invoices',
};

export function batchKindLabel(code: string): string {
  return own(BATCH_KIND_LABELS, code) ?? humanise(code).toLowerCase();
}

/** Dollr's payment methods (PaymentMethod of src/dollr/types/enums.ts): the operator and market. */
export const METHOD_LABELS: Readonly<Record<string, string>> = {
  MTN_MOMO_LBR: 'MTN Mobile Money, Liberia',
  ORANGE_MONEY_LBR: 'Orange Money, Liberia',
  AIRTEL_RWA: 'Airtel Money, Rwanda',
  MTN_MOMO_RWA: 'MTN Mobile Money, Rwanda',
  ORANGE_MONEY_RWA: 'Orange Money, Rwanda',
  CREDIT_CARD: 'Card',
  WALLET: 'Dollr wallet',
};

/** Dollr's routing networks (GatewayProvider of src/dollr/types/enums.ts). */
export const PROVIDER_LABELS: Readonly<Record<string, string>> = {
  PAWAPAY: 'pawaPay',
  STRIPE: 'Stripe',
  PLATFORM: 'Dollr',
};

/** The operator a method code starts with, for a code not listed above (`AIRTEL_OAPI_RWA`). */
const OPERATORS: Readonly<Record<string, string>> = {
  MTN: 'MTN Mobile Money',
  ORANGE: 'Orange Money',
  AIRTEL: 'Airtel Money',
};

/** The market a method code ends with (ISO 3166 alpha-3), for a code not listed above. */
const MARKETS: Readonly<Record<string, string>> = {
  LBR: 'Liberia',
  RWA: 'Rwanda',
};

/**
 * A payment method in words: "MTN_MOMO_LBR" → "MTN Mobile Money, Liberia". A code not listed is
 * read by its parts when it names a known operator ("AIRTEL_OAPI_RWA" → "Airtel Money, Rwanda"),
 * else humanised.
 */
export function methodLabel(code: string): string {
  const known = own(METHOD_LABELS, code);
  if (known !== undefined) return known;
  const parts = code
    .trim()
    .toUpperCase()
    .split(/[_\s-]+/);
  const operator = own(OPERATORS, parts[0] ?? '');
  if (operator === undefined) return humanise(code);
  const market = parts.length > 1 ? own(MARKETS, parts.at(-1) ?? '') : undefined;
  return market === undefined ? operator : `${operator}, ${market}`;
}

export function providerLabel(code: string): string {
  return own(PROVIDER_LABELS, code) ?? humanise(code);
}

/** A payment's operator: its method in words (the network when no method is known), and the codes. */
export interface OperatorText {
  /** What the console shows: "MTN Mobile Money, Liberia"; '—' when neither is known. */
  readonly text: string;
  /** The codes as the API and the reports name them: "MTN_MOMO_LBR via PAWAPAY"; '' for none. */
  readonly code: string;
}

export function operatorText(
  method: string | null | undefined,
  provider: string | null | undefined,
): OperatorText {
  const m = method?.trim() ?? '';
  const p = provider?.trim() ?? '';
  const code = [m, p].filter((x) => x !== '').join(' via ');
  if (m !== '') return { text: methodLabel(m), code };
  if (p !== '') return { text: `Through ${providerLabel(p)}`, code };
  return { text: '—', code };
}
