/** A JSON value from the API (counts, audit details) as short readable text: `key: value, …`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(describeValue).join('; ');
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(
        ([key, inner]) =>
          `${key}: ${typeof inner === 'object' && inner !== null ? `(${describeValue(inner)})` : describeValue(inner)}`,
      )
      .join(', ');
  }
  return JSON.stringify(value);
}

/** A row's problem as the API gives it: the file's column ('' for the whole row), its cell, the rule. */
export interface Issue {
  readonly column: string;
  readonly value: string;
  readonly message: string;
}

/** How much of a cell's value a line quotes (the error report has it whole). */
export const QUOTED_MAX = 80;

/** A cell's value as a line quotes it: `"10.555"`, or its first characters and its length. */
export function quoted(value: string): string {
  const chars = [...value];
  if (chars.length <= QUOTED_MAX) return `"${value}"`;
  return `"${chars.slice(0, QUOTED_MAX).join('')}…" (${chars.length} characters)`;
}

/**
 * One problem as a line a finance person can act on, the way the error report words it: the
 * column, the value and the rule (`Net Pay "10.555" has 3 decimals, but USD amounts have at
 * most 2`); a problem of the whole row starts "This row" (`This row is a totals row, …`).
 */
export function describeIssue(issue: Issue): string {
  const column = issue.column.trim();
  const subject = column === '' ? 'This row' : column;
  const value = issue.value === '' ? '' : ` ${quoted(issue.value)}`;
  const message = issue.message.trim();
  return `${subject}${value}${message === '' ? ' has a problem' : ` ${message}`}`;
}

/** "row 7", "rows 7 and 9", "rows 7, 9 and 12", "rows 7, 9, 12 and 3 more" (of `total`). */
export function rowList(rows: readonly number[], total = rows.length, shown = 10): string {
  const listed = rows.slice(0, shown).map(String);
  const more = Math.max(total - listed.length, 0);
  if (more > 0) listed.push(`${more} more`);
  if (listed.length === 0) return 'no row';
  const last = listed.pop() ?? '';
  return `${total === 1 ? 'row' : 'rows'} ${listed.length === 0 ? last : `${listed.join(', ')} and ${last}`}`;
}

/**
 * Why an import skipped rows (the rows its `skipped` count counts: src/imports/row-processor.ts
 * gives that status to totals rows only), or '' when it skipped none. Blank and title rows are
 * never counted, so they are mentioned only to say so.
 */
export function describeSkipped(skipped: number, rows: readonly number[], type: string): string {
  if (skipped <= 0) return '';
  const one = skipped === 1;
  const what = type === 'receivables' ? 'invoice line' : 'payment';
  const done = type === 'receivables' ? 'billed' : 'paid';
  return (
    `${one ? '1 row was' : `${skipped} rows were`} skipped (${rowList(rows, skipped)}): ` +
    `${one ? 'a totals row' : 'totals rows'}, labelled as a total (“Total”, “Grand Total”, “Sum”…) ` +
    'or holding only the sum of the amounts above, as payroll and accounting exports add at the ' +
    `bottom. ${one ? `It is not a ${what}` : `They are not ${what}s`}: nothing is ${done} for ` +
    `${one ? 'it' : 'them'} and ${one ? 'it is' : 'they are'} in no total. Blank rows and the ` +
    'title rows above the header are not counted at all.'
  );
}
