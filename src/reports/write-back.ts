import { describeIssues } from '../imports/issue-text';
import type { RowIssue } from '../imports/import.types';

/** The columns `export-source` appends to the user's file, after their own. */
export const WRITE_BACK_HEADER = [
  'status',
  'dollr_reference_id',
  'dollr_status',
  'settled_amount',
  'fees',
  'completed_at',
  'failure_reason',
] as const;

/** What is known about one row of an imported file, as the import and the payment left it. */
export interface RowState {
  readonly rowNumber: number;
  /** valid, invalid, duplicate, skipped */
  readonly rowStatus: string;
  readonly errors: readonly RowIssue[];
  readonly warnings: readonly RowIssue[];
  readonly payment: {
    readonly status: string;
    readonly stuck: boolean;
    readonly referenceId: string | null;
    readonly dollrStatus: string | null;
    /** Decimal strings in the currency's decimals. */
    readonly settledAmount: string | null;
    readonly fees: string | null;
    readonly currency: string;
    readonly completedAt: Date | null;
    readonly reason: string | null;
  } | null;
}

/** The appended cells of one row, or null for a row left as it was (a skipped totals row). */
export interface WriteBack {
  readonly status: string;
  readonly referenceId: string | null;
  readonly dollrStatus: string | null;
  readonly settledAmount: string | null;
  readonly fees: string | null;
  readonly currency: string | null;
  readonly completedAt: Date | null;
  readonly failureReason: string | null;
}

/**
 * The write-back of a row: its payment's status and figures; INVALID with the row's errors;
 * DUPLICATE with the pointer to the original; VALID for a valid row with no payment yet.
 */
export function writeBackOf(row: RowState): WriteBack | null {
  switch (row.rowStatus) {
    case 'skipped':
      return null;
    case 'invalid':
      return blank('INVALID', describeIssues(row.errors));
    case 'duplicate':
      return blank('DUPLICATE', describeIssues([...row.errors, ...row.warnings]));
    default: {
      const p = row.payment;
      if (p === null) return blank('VALID', null);
      return {
        status: p.stuck && p.status === 'PROCESSING' ? 'STUCK' : p.status,
        referenceId: p.referenceId,
        dollrStatus: p.dollrStatus,
        settledAmount: p.settledAmount,
        fees: p.fees,
        currency: p.currency,
        completedAt: p.completedAt,
        failureReason: p.reason,
      };
    }
  }
}

function blank(status: string, failureReason: string | null): WriteBack {
  return {
    status,
    referenceId: null,
    dollrStatus: null,
    settledAmount: null,
    fees: null,
    currency: null,
    completedAt: null,
    failureReason,
  };
}
