import { aliasIndex, detectHeaderRow, matchHeaderCells, missingColumns } from './header-detect';
import { headerKey, headerKeys } from './header-key';
import type { ImportProfile } from './profile.types';
import { validateProfile } from './profile.validate';

const profile: ImportProfile = validateProfile(
  {
    name: 'test',
    type: 'payables',
    relationship: 'EMPLOYEE',
    columns: {
      external_ref: ['Staff ID', 'Emp. No'],
      full_name: ['Employee Name', 'Nom'],
      phone: ['Mobile Number', 'MSISDN'],
      amount: ['Net Pay'],
      period: ['Period'],
    },
  },
  'test',
);

describe('headerKey', () => {
  it.each([
    ['Emp. No', 'empno'],
    ['EMP NO', 'empno'],
    ['emp_no', 'empno'],
    ['Prénom', 'prenom'],
    ['  Net   Pay  ', 'netpay'],
  ])('%s -> %s', (text, key) => {
    expect(headerKey(text)).toBe(key);
  });

  it('also answers without a bracketed part', () => {
    expect(headerKeys('Net Pay (USD)')).toEqual(['netpayusd', 'netpay']);
    expect(headerKeys('Net Pay')).toEqual(['netpay']);
  });
});

describe('header detection', () => {
  const index = aliasIndex(profile);

  it.each<[string, string[], boolean]>([
    ['a title row', ['ACME Ltd payroll, January 2026', '', ''], false],
    ['a row with two known headers', ['Staff ID', 'Employee Name', 'Department'], false],
    ['the header row', ['Emp. No', 'EMPLOYEE NAME', 'msisdn', 'Net Pay (USD)'], true],
    ['a header with accents and punctuation', ['nom', 'M.S.I.S.D.N', 'net-pay'], true],
  ])('%s is %s the header', (_name, cells, isHeader) => {
    expect(detectHeaderRow(4, cells, index) !== null).toBe(isHeader);
  });

  it('maps each field to its first matching column', () => {
    expect(
      matchHeaderCells(['Employee Name', 'MSISDN', 'Mobile Number', 'Net Pay'], index),
    ).toEqual({ full_name: 0, phone: 1, amount: 3 });
  });

  it('lists the required columns a header lacks (a period may come from elsewhere)', () => {
    const map = detectHeaderRow(1, ['Employee Name', 'MSISDN', 'Staff ID'], index);
    expect(map).not.toBeNull();
    expect(missingColumns(map!, profile)).toEqual([['amount']]);
  });
});
