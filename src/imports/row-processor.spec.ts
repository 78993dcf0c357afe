import type { SheetRow } from './normalise/cell';
import { loadProfile } from './profiles/profile.loader';
import { ImportRowProcessor } from './row-processor';

const HEADER: SheetRow = {
  rowNumber: 1,
  cells: [
    'Employee ID',
    'Employee Name',
    'Mobile Number',
    'Net Pay',
    'Currency',
    'Period',
    'Check',
  ],
};

function processor(): ImportRowProcessor {
  const p = new ImportRowProcessor(
    { profile: loadProfile('payroll'), fileName: 'payroll.xlsx', importMonth: '2026-01' },
    null,
  );
  expect(p.process(HEADER)).toBeNull();
  return p;
}

function payroll(pay: string | number, check = ''): SheetRow['cells'] {
  return ['EMP001', 'Jérôme Doe', '0886 123 456', pay, 'USD', '2026-01', check];
}

describe('problems the reader found in cells', () => {
  const error =
    'contains the Excel error #VALUE! (a formula was given a value of the wrong kind): correct it in Excel, save the file and import it again';

  it('make the row invalid in a column the profile reads, with that one message for the column', () => {
    const row = processor().process({
      rowNumber: 2,
      cells: payroll('#VALUE!'),
      cellProblems: [{ column: 3, message: error }],
    });
    expect(row?.status).toBe('invalid');
    expect(row?.errors).toEqual([{ column: 'Net Pay', value: '#VALUE!', message: error }]);
  });

  it('replace "is missing" for a formula without a stored result', () => {
    const message = 'is a formula whose result is not stored in the file';
    const row = processor().process({
      rowNumber: 2,
      cells: payroll(''),
      cellProblems: [{ column: 3, message }],
    });
    expect(row?.errors).toEqual([{ column: 'Net Pay', value: '', message }]);
  });

  it('are warnings in a column the profile does not read', () => {
    const row = processor().process({
      rowNumber: 2,
      cells: payroll(1250.5, '#N/A'),
      cellProblems: [{ column: 6, message: 'contains the Excel error #N/A' }],
    });
    expect(row?.status).toBe('valid');
    expect(row?.errors).toEqual([]);
    expect(row?.warnings).toEqual([
      { column: 'Check', value: '#N/A', message: 'contains the Excel error #N/A' },
    ]);
  });
});

describe("a row's notes", () => {
  it('are warnings on the whole row, which stays valid', () => {
    const row = processor().process({
      rowNumber: 3,
      cells: payroll(10),
      notes: ['is hidden in Excel'],
    });
    expect(row?.status).toBe('valid');
    expect(row?.warnings).toEqual([{ column: '', value: '', message: 'is hidden in Excel' }]);
  });
});
