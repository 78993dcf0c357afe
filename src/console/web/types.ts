import type { BatchAction } from './permissions.js';
/** The API answers the console reads (see /docs for the full documents). Amounts are decimal strings. */
export interface CurrencyAmount {
  readonly currency: string;
  readonly amount: string;
}

export interface ImportResult {
  readonly importId: number | null;
  readonly status: string;
  readonly batchId: number | null;
}

export interface ImportView {
  readonly importId: number;
  readonly type: string;
  readonly fileName: string;
  readonly fileFormat: string;
  readonly fileSize: number;
  readonly profile: string;
  readonly sheet: string | null;
  readonly headerRow: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly rows: number;
  readonly valid: number;
  readonly invalid: number;
  readonly duplicates: number;
  readonly skipped: number;
  readonly totals: readonly CurrencyAmount[];
  readonly invoices: number | null;
  readonly period: string | null;
  readonly periodFrom: string | null;
  readonly warnings: readonly string[];
}

export interface RowIssue {
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

export interface RowView {
  readonly row: number;
  readonly status: string;
  readonly errors: readonly RowIssue[];
  readonly warnings: readonly RowIssue[];
  readonly duplicateOf: { importId: number | null; row: number } | null;
  readonly [field: string]: unknown;
}

export type PaymentCounts = Record<
  'PENDING' | 'PROCESSING' | 'COMPLETED' | 'FAILED' | 'CANCELED',
  number
>;

export interface BatchView {
  readonly batchId: number;
  readonly status: string;
  readonly counts: PaymentCounts;
  readonly totals: readonly {
    currency: string;
    requested: string;
    completed: string;
    failed: string;
    fees: string;
  }[];
}

export interface BatchDetails extends BatchView {
  readonly kind: string;
  readonly importId: number;
  readonly period: string | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly statusReason: string | null;
  readonly approvalsRequired: number;
  /** What the signed-in key may do now (the server decides: role, maker-checker, approved once). */
  readonly actions: readonly BatchAction[];
  readonly approvals: readonly { approvedBy: string; approvedAt: string; valid: boolean }[];
  readonly rejected: number;
  readonly preflight: {
    readonly at: string | null;
    /** Payments checked so far, of `total` (a pre-flight stopped part-way has checked some). */
    readonly checked: number;
    readonly total: number;
    readonly totals: readonly {
      currency: string;
      count: number;
      requested: string;
      fees: string;
      payerTotal: string;
      payeeTotal: string;
    }[];
    readonly rejections: readonly {
      row: number;
      externalRef: string;
      phone: string;
      reason: string | null;
    }[];
  };
}

export interface Payment {
  readonly id: number;
  readonly row: number;
  readonly externalRef: string;
  readonly fullName: string;
  readonly phone: string;
  readonly amount: string;
  readonly currency: string;
  readonly method: string | null;
  readonly provider: string | null;
  readonly fee: string | null;
  readonly status: string;
  readonly reason: string | null;
  readonly attempts: number;
  /** PROCESSING with no final status from Dollr for too long (still polled, never sent again). */
  readonly stuck?: boolean;
  readonly completedAt: string | null;
}

export interface JobRun {
  readonly id: number | string;
  readonly job: string;
  readonly slot: string;
  readonly status: string;
  readonly host: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly counts: unknown;
  readonly error: string | null;
  readonly manual: boolean;
}

export interface AuditEntry {
  readonly id: number | string;
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly subjectType: string | null;
  readonly subjectId: string | number | null;
  readonly details: unknown;
}

/** `POST /profiles/suggest`: a starting profile for a file, and its first rows. */
export interface ProfileSuggestion {
  readonly type: 'payables' | 'receivables';
  readonly sheet: string | null;
  readonly headerRow: number;
  readonly headers: string[];
  readonly missing: string[];
  readonly checks: string[];
  readonly profile: unknown;
  readonly complete: boolean;
  readonly sampleRows: { row: number; cells: (string | number)[] }[];
}

export interface PreviewIssue {
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

/** `POST /profiles/preview`: the sample rows as the profile being edited would import them. */
export interface Preview {
  readonly problems: string[];
  readonly columns: Record<string, string>;
  readonly rows: {
    row: number;
    status: string;
    fields: Record<string, string | null> | null;
    errors: PreviewIssue[];
    warnings: PreviewIssue[];
  }[];
}
