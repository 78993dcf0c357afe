/** Largest file accepted (upload or CLI): far above a 200,000-row payroll (~15 MB as CSV). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/** Rows inserted per statement: keeps SQLite's bound-parameter count and MySQL packets small. */
export const INSERT_BATCH_ROWS = 500;

/** Rows read from the top of a file when looking for the header row (title rows come first). */
export const HEADER_SCAN_ROWS = 30;
