import { aliasIndex, detectHeaderRow } from '../profiles/header-detect';
import { loadProfile } from '../profiles/profile.loader';
import { validatePayableRow } from './payable-row';
import type { RowOptions } from './row-reader';

const profile = loadProfile('payroll');
const options: RowOptions = {
  profile,
  fileName: 'staff.csv',
  importMonth: '2026-12',
  country: 'LR',
};
const header = ['Employee Name', 'Phone', 'Phone', 'Net Pay', 'Currency', 'Period'];
const map = detectHeaderRow(1, header, aliasIndex(profile), profile);

describe('validatePayableRow with two columns of one name', () => {
  it('knows both Phone columns', () => {
    expect(map).toMatchObject({ columns: { phone: 1 }, alternates: { phone: [2] } });
  });

  it('reads the second Phone column when the first is blank, naming it in errors', () => {
    if (map === null) throw new Error('no header');
    const filled = validatePayableRow(
      ['Musu Doe', '', '0886 310 120', '10.00', 'USD', '2026-12'],
      map,
      options,
    );
    expect(filled.errors).toEqual([]);
    expect(filled.fields.phone).toBe('231886310120');

    const bad = validatePayableRow(
      ['Musu Doe', ' ', '12', '10.00', 'USD', '2026-12'],
      map,
      options,
    );
    expect(bad.errors[0]).toMatchObject({ column: 'Phone', value: '12' });
  });

  it('prefers the first Phone column when both are filled', () => {
    if (map === null) throw new Error('no header');
    const row = validatePayableRow(
      ['Musu Doe', '0886 310 121', '0886 310 122', '10.00', 'USD', '2026-12'],
      map,
      options,
    );
    expect(row.fields.phone).toBe('231886310121');
  });
});
