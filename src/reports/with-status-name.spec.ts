import { withStatusName } from './with-status-name';

describe('withStatusName', () => {
  it.each([
    ['january-payroll.csv', 'january-payroll-with-status.csv'],
    ['Paie Février 2026.xlsx', 'Paie Février 2026-with-status.xlsx'],
    ['payroll.v2.csv', 'payroll.v2-with-status.csv'],
    ['payroll', 'payroll-with-status'],
    ['.csv', '.csv-with-status'],
  ])('%s → %s', (name, exported) => {
    expect(withStatusName(name)).toBe(exported);
  });
});
