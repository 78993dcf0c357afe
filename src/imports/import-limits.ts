/** Largest file accepted (upload or CLI): far above a 200,000-row payroll (~15 MB as CSV). */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;

/**
 * Rows read, then settled and stored, together. Small batches keep a large import's memory low:
 * rows held for long survive the young-generation collections and fill the old generation.
 */
export const INSERT_BATCH_ROWS = 100;

/** Rows read from the top of a file when looking for the header row (title rows come first). */
export const HEADER_SCAN_ROWS = 30;

/** An .xlsx (a zip) may expand to at most this much in total: far above a 250,000-row sheet. */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024;

/**
 * Largest expansion of one part of an .xlsx (uncompressed / compressed). Spreadsheet XML
 * compresses about 5 to 30 times; a zip bomb about 1,000 times.
 */
export const XLSX_MAX_COMPRESSION_RATIO = 200;

/** Parts smaller than this are not held to the ratio (tiny XML parts compress very well). */
export const XLSX_RATIO_MIN_BYTES = 1024 * 1024;

/** Most parts in an .xlsx; real workbooks have a few dozen. */
export const XLSX_MAX_ENTRIES = 10_000;
