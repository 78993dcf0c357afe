/** The scheduled jobs, by the names users give `jobs run`. */
export const JOB_NAMES = [
  'status-poll',
  'invoice-sync',
  'nightly-sync',
  'webhook-dispatch',
  'batch-expiry',
] as const;
export type JobName = (typeof JOB_NAMES)[number];

/** What a run did, e.g. {"checked": 3, "resolved": 2}. */
export type JobCounts = Record<string, number | string>;

/**
 * A run's result: its counts (with `failed`, why the run did not do its work although it ran to
 * the end: recorded as FAILED with those counts), or why it had nothing it could do (recorded as
 * SKIPPED).
 */
export type JobResult =
  | { readonly counts: JobCounts; readonly failed?: string }
  | { readonly skipped: string; readonly counts?: JobCounts };

/** One job: its name, its schedule (null when off) and the work of one run. */
export interface ScheduledJob {
  readonly name: JobName;
  readonly schedule: string | null;
  run(now: Date): Promise<JobResult>;
}

/** Injection token collecting every ScheduledJob. */
export const SCHEDULED_JOBS = Symbol('SCHEDULED_JOBS');

/**
 * Bound to the invoices feature in ReconciliationModule: checks open invoices on Dollr and stores
 * what it learns.
 */
export const INVOICE_SYNC = Symbol('INVOICE_SYNC');
export interface InvoiceSync {
  syncOpenInvoices(): Promise<JobCounts>;
}

/**
 * Bound to the reports feature in ReconciliationModule: writes the reconciliation report of one
 * day (YYYY-MM-DD, in the jobs' time zone) into `dir` and returns the file's path.
 */
export const DAILY_REPORT_WRITER = Symbol('DAILY_REPORT_WRITER');
export interface DailyReportWriter {
  writeDailyReport(day: string, dir: string): Promise<string>;
}
