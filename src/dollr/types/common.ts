/**
 * An exact decimal amount as a string, e.g. "100.10". Amounts enter and leave the Dollr client in this
 * form: the client writes them as JSON numbers from the string itself and parses response numbers
 * straight back into strings, so no amount ever passes through a float.
 */
export type DecimalString = string;

/** ISO 8601 timestamp in UTC, e.g. "2025-06-01T14:30:00Z". */
export type IsoTimestamp = string;

/** E.164 phone digits without the leading "+", e.g. "231771234567". */
export type DollrPhone = string;

/**
 * A Dollr response whose shape the docs do not publish. Typed as `unknown` so callers must look
 * before they use it; numbers in it still follow the client's amount rules (see `json-codec.ts`).
 */
export type UndocumentedResponse = unknown;

/** Fields Dollr may return beyond the documented ones. */
export interface OpenFields {
  [field: string]: unknown;
}
