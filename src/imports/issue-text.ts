import type { RowIssue } from './import.types';

/** One line a finance person can act on: `Row 7: Mobile Number "2,50788E+11" was turned …`. */
export function describeIssue(row: number, issue: RowIssue): string {
  const subject = issue.column === '' ? `Row ${row}` : `Row ${row}: ${issue.column}`;
  const value = issue.value === '' ? '' : ` "${issue.value}"`;
  return `${subject}${value} ${issue.message}`;
}

/** All of a row's problems in one cell of the error report. */
export function describeIssues(issues: readonly RowIssue[]): string {
  return issues
    .map((issue) => {
      const subject = issue.column === '' ? 'This row' : issue.column;
      const value = issue.value === '' ? '' : ` "${issue.value}"`;
      return `${subject}${value} ${issue.message}`;
    })
    .join('; ');
}
