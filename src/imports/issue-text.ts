import type { RowIssue } from './import.types';

/** How much of a cell's value a message quotes. */
export const QUOTED_VALUE_MAX = 200;

/** A cell's value as a message quotes it: at most QUOTED_VALUE_MAX characters, then how long it was. */
export function quotedValue(value: string): string {
  if (value.length <= QUOTED_VALUE_MAX) return `"${value}"`;
  return `"${value.slice(0, QUOTED_VALUE_MAX)}…" (${value.length} characters)`;
}

/** One line a finance person can act on: `Row 7: Mobile Number "2,50788E+11" was turned …`. */
export function describeIssue(row: number, issue: RowIssue): string {
  const subject = issue.column === '' ? `Row ${row}` : `Row ${row}: ${issue.column}`;
  const value = issue.value === '' ? '' : ` ${quotedValue(issue.value)}`;
  return `${subject}${value} ${issue.message}`;
}

/** All of a row's problems in one cell of the error report. */
export function describeIssues(issues: readonly RowIssue[]): string {
  return issues
    .map((issue) => {
      const subject = issue.column === '' ? 'This row' : issue.column;
      const value = issue.value === '' ? '' : ` ${quotedValue(issue.value)}`;
      return `${subject}${value} ${issue.message}`;
    })
    .join('; ');
}
