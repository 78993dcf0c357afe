import { findMonth, inferPeriod, normalisePeriod } from './period';

describe('normalisePeriod', () => {
  it.each([
    ['2026-12', '2026-12'],
    ['2026-12-01', '2026-12'],
    ['2026-12-01T00:00:00.000Z', '2026-12'],
    ['December 2026', '2026-12'],
    ['Dec 2026', '2026-12'],
    ['Dec-26', '2026-12'],
    ["dec'26", '2026-12'],
    ['décembre 2026', '2026-12'],
    ['Déc. 2026', '2026-12'],
    ['janv. 2027', '2027-01'],
    ['FÉVRIER 2026', '2026-02'],
    ['août 2026', '2026-08'],
    ['12/2026', '2026-12'],
    ['12-2026', '2026-12'],
    ['2026/12', '2026-12'],
    ['  2026-3 ', '2026-03'],
    ['2026 November', '2026-11'],
  ])('reads %p as the month %p', (text, month) => {
    expect(normalisePeriod(text)).toBe(month);
  });

  it.each([
    ['2026-12-15', 'a pay date is not a whole month'],
    ['2026-11-30', 'a period-end date'],
    ['Week 48', 'a week'],
    ['Q4 2026', 'a quarter'],
    ['Nov 2026 bonus', 'more than a month'],
    ['13/2026', 'no 13th month'],
  ])('keeps %p as written (%s)', (text) => {
    expect(normalisePeriod(text)).toBe(text);
  });
});

describe('findMonth', () => {
  it.each([
    ['ACME Liberia Ltd - Payroll for January 2026', '2026-01'],
    ['Salaires du mois de novembre 2026', '2026-11'],
    ['payroll_2026-11', '2026-11'],
    ['Paie 11-2026', '2026-11'],
    ['Nov-26', '2026-11'],
    ['Payroll March and April 2026', '2026-04'],
  ])('finds the month in %p', (text, month) => {
    expect(findMonth(text)).toBe(month);
  });

  it.each([
    ['Exported 31/01/2026 from PayrollPro'],
    ['payroll-2026-11-30'],
    ['Employees'],
    ['Marketing team'],
    ['Sheet1'],
  ])('finds no month in %p', (text) => {
    expect(findMonth(text)).toBeNull();
  });
});

describe('inferPeriod', () => {
  const none = { titleRows: [], sheetName: null, fileName: 'staff.csv', importMonth: '2026-12' };

  it('takes the first month of the title rows, then the sheet name, then the file name', () => {
    expect(
      inferPeriod({
        ...none,
        titleRows: ['ACME', 'Exported 31/01/2026', 'Payroll for January 2026'],
        sheetName: 'Feb 2026',
        fileName: 'payroll-2026-03.xlsx',
      }),
    ).toEqual({ value: '2026-01', source: 'title' });
    expect(
      inferPeriod({ ...none, sheetName: 'Feb 2026', fileName: 'payroll-2026-03.xlsx' }),
    ).toEqual({ value: '2026-02', source: 'sheet' });
    expect(inferPeriod({ ...none, fileName: 'payroll-2026-03.xlsx' })).toEqual({
      value: '2026-03',
      source: 'file-name',
    });
  });

  it("falls back on the import's month", () => {
    expect(inferPeriod(none)).toEqual({ value: '2026-12', source: 'import-date' });
  });
});
