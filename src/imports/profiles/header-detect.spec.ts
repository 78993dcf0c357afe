import { aliasIndex, detectHeaderRow, missingColumns, partialHeader } from './header-detect';
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
    expect(detectHeaderRow(4, cells, index, profile) !== null).toBe(isHeader);
  });

  it('maps each field to its first matching column', () => {
    const { map } = partialHeader(
      1,
      ['Employee Name', 'MSISDN', 'Mobile Number', 'Net Pay'],
      index,
      profile,
    );
    expect(map.columns).toEqual({ full_name: 0, phone: 1, amount: 3 });
    expect(map.alternates).toEqual({ phone: [2] });
  });

  it('lists the required columns a header lacks (a period may come from elsewhere)', () => {
    const map = detectHeaderRow(1, ['Employee Name', 'MSISDN', 'Staff ID'], index, profile);
    expect(map).not.toBeNull();
    expect(missingColumns(map!, profile)).toEqual([['amount']]);
  });
});

describe('composed fields', () => {
  const ledger = validateProfile(
    {
      name: 'ledger',
      type: 'payables',
      relationship: 'SUPPLIER',
      columns: {
        full_name: {
          join: [
            ['First Name', 'Given Name'],
            ['Last Name', 'Surname'],
          ],
        },
        phone: ['Phone'],
        amount: {
          debit: ['Debit', 'Dr'],
          credit: ['Credit', 'Cr'],
          amountIs: 'credit-minus-debit',
        },
      },
    },
    'ledger',
  );
  const index = aliasIndex(ledger);

  it("gives each composed field a cell after the file's own, labelled by its columns", () => {
    const map = detectHeaderRow(2, ['Surname', 'Given Name', 'Phone', 'Dr', 'Cr'], index, ledger);
    expect(map?.columns).toEqual({ phone: 2, full_name: 5, amount: 6 });
    expect(map?.composed).toEqual([
      { field: 'full_name', column: 5, label: 'Given Name + Surname', join: [1, 0] },
      {
        field: 'amount',
        column: 6,
        label: 'Cr − Dr',
        debit: 3,
        credit: 4,
        amountIs: 'credit-minus-debit',
      },
    ]);
  });

  it('leaves a composed field unmapped, and named as missing, when one of its parts is absent', () => {
    const map = detectHeaderRow(1, ['First Name', 'Phone', 'Debit', 'Credit'], index, ledger);
    expect(map?.columns.full_name).toBeUndefined();
    expect(missingColumns(map!, ledger)).toEqual([['full_name']]);
  });

  it("takes the profile's header row however few names it shares", () => {
    expect(detectHeaderRow(3, ['Phone', 'Notes'], index, ledger)).toBeNull();
    expect(detectHeaderRow(3, ['Phone', 'Notes'], index, ledger, true)?.columns).toEqual({
      phone: 0,
    });
  });
});
