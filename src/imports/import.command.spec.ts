import { outcomeText } from './import.command';
import type { ImportOutcome } from './import.service';

function outcome(warningLines: string[], warnings = warningLines.length): ImportOutcome {
  return {
    summary: {
      importId: 7,
      status: 'imported',
      rows: 3,
      valid: 3,
      invalid: 0,
      duplicates: 0,
      skipped: 0,
      totals: [{ currency: 'USD', amount: '30.00' }],
      invoices: null,
      warnings: [],
      sheet: null,
      headerRow: 1,
      period: '2026-11',
      periodFrom: 'column',
    },
    profile: 'payroll',
    sheet: null,
    headerRow: 1,
    problems: [],
    warnings,
    warningLines,
  };
}

describe('outcomeText', () => {
  it('names each row with a warning, and where to see them all', () => {
    const lines = outcomeText(
      outcome(['Row 3 is hidden in Excel', 'Row 5: Due Date "05/12/2026" was read day first']),
      'payroll.xlsx',
    );
    expect(lines.slice(-4)).toEqual([
      '2 warning(s):',
      '  Row 3 is hidden in Excel',
      '  Row 5: Due Date "05/12/2026" was read day first',
      'Every row: imports rows 7; error report: imports errors 7 --out errors.xlsx',
    ]);
  });

  it('says when only the first warnings are shown', () => {
    const lines = outcomeText(outcome(['Row 3 is hidden in Excel'], 40), 'payroll.xlsx');
    expect(lines).toContain('40 warning(s) (the first ones):');
    expect(lines).toContain('  Row 3 is hidden in Excel');
  });

  it('says nothing of warnings when there are none', () => {
    expect(outcomeText(outcome([]), 'payroll.csv').join('\n')).not.toContain('warning');
  });
});
