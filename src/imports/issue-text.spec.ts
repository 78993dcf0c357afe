import { describeIssue, describeIssues, QUOTED_VALUE_MAX } from './issue-text';

describe('issue text', () => {
  it('quotes a value as it is', () => {
    expect(
      describeIssue(7, { column: 'Net Pay', value: '10.555', message: 'has 3 decimals' }),
    ).toBe('Row 7: Net Pay "10.555" has 3 decimals');
  });

  it(`quotes at most ${QUOTED_VALUE_MAX} characters of a long value, and says how long it was`, () => {
    const value = 'x'.repeat(50_000);
    const line = describeIssue(3, { column: 'Mobile Number', value, message: 'is not a phone' });
    expect(line).toBe(
      `Row 3: Mobile Number "${'x'.repeat(200)}…" (50000 characters) is not a phone`,
    );
    const cell = describeIssues([{ column: 'Mobile Number', value, message: 'is not a phone' }]);
    expect(cell.length).toBeLessThan(300);
  });
});
