import { ImportError } from '../import.errors';
import { builtInProfileNames, loadProfile } from './profile.loader';
import { validateProfile } from './profile.validate';

const minimal = {
  name: 'my-erp',
  type: 'payables',
  relationship: 'EMPLOYEE',
  columns: {
    full_name: ['Name'],
    phone: ['Phone'],
    amount: ['Amount'],
    period: ['Month'],
  },
};

function problemsOf(document: unknown): string[] {
  try {
    validateProfile(document, 'my-erp.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return ((error as ImportError).details as { problems: string[] }).problems;
  }
  return [];
}

describe('validateProfile', () => {
  it('accepts a minimal profile and fills in the conventions', () => {
    expect(validateProfile(minimal, 'my-erp.json')).toMatchObject({
      name: 'my-erp',
      decimalSeparator: '.',
      dateFormat: 'YYYY-MM-DD',
      defaults: {},
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown type', { type: 'payments' }, 'type: must be one of payables, receivables'],
    ['an unknown relationship', { relationship: 'STAFF' }, 'relationship: must be one of'],
    ['an unknown setting', { colour: 'red' }, 'colour: unknown setting'],
    ['a bad decimal separator', { decimalSeparator: ';' }, 'decimalSeparator: must be'],
    ['a bad date format', { dateFormat: 'D.M.Y' }, 'dateFormat: must be one of'],
    ['a bad default country', { defaults: { country: 'GH' } }, 'defaults.country: must be LR'],
    ['a bad default currency', { defaults: { currency: 'EUR' } }, 'defaults.currency: must be'],
    [
      'a field of the other type',
      { columns: { ...minimal.columns, unit_price: ['Price'] } },
      'columns.unit_price: not a field of payables',
    ],
    [
      'a missing required column',
      { columns: { full_name: ['Name'], phone: ['Phone'], period: ['Month'] } },
      'columns.amount: is required for payables',
    ],
    [
      'an empty alias list',
      { columns: { ...minimal.columns, email: [] } },
      'columns.email: must be a non-empty list',
    ],
    ['an empty period', { period: ' ' }, 'period: must be the pay period as text'],
    ['a period that is not text', { period: 202611 }, 'period: must be the pay period as text'],
    [
      'a period on receivables',
      {
        type: 'receivables',
        period: '2026-11',
        columns: {
          invoice_number: ['Invoice'],
          full_name: ['Customer'],
          item: ['Item'],
          unit_price: ['Price'],
          phone: ['Phone'],
        },
      },
      'period: is for payables only',
    ],
    ['an empty sheet', { sheet: '' }, 'sheet: must be the name or number of a worksheet'],
    ['a header row of 0', { headerRow: 0 }, 'headerRow: must be the row number of the header'],
    ['a header row in text', { headerRow: '3' }, 'headerRow: must be the row number of the header'],
    [
      'a joined name of one part',
      { columns: { ...minimal.columns, full_name: { join: [['First Name']] } } },
      'columns.full_name: a joined name is {"join": [...]} with 2 to 4 lists',
    ],
    [
      'a debit/credit amount without its rule',
      { columns: { ...minimal.columns, amount: { debit: ['Dr'], credit: ['Cr'] } } },
      'columns.amount.amountIs: must be debit-minus-credit or credit-minus-debit',
    ],
    [
      'a composed amount on receivables',
      {
        type: 'receivables',
        columns: {
          invoice_number: ['Invoice'],
          full_name: ['Customer'],
          item: ['Item'],
          unit_price: ['Price'],
          phone: ['Phone'],
          amount: { debit: ['Dr'], credit: ['Cr'], amountIs: 'debit-minus-credit' },
        },
      },
      'columns.amount: not a field of receivables',
    ],
    [
      'a part of a composed field that is also a field',
      {
        columns: {
          ...minimal.columns,
          external_ref: ['Surname'],
          full_name: { join: [['First Name'], ['Surname']] },
        },
      },
      'columns.external_ref: "Surname" is also a header of full_name.join[1]',
    ],
    [
      'one header for two fields',
      { columns: { ...minimal.columns, note: ['PHONE'] } },
      'columns.note: "PHONE" is also a header of phone',
    ],
  ])('refuses %s', (_name, change, problem) => {
    expect(problemsOf({ ...minimal, ...change }).join('\n')).toContain(problem);
  });

  it('takes a fixed pay period, in its one form, and needs no period column then', () => {
    const columns = { full_name: ['Name'], phone: ['Phone'], amount: ['Amount'] };
    expect(validateProfile({ ...minimal, columns, period: 'Nov-26' }, 'my-erp.json')).toMatchObject(
      { period: '2026-11' },
    );
  });

  it('takes a sheet, a header row and composed fields', () => {
    const columns = {
      full_name: { join: [['First Name'], ['Last Name']] },
      phone: ['Phone'],
      amount: { debit: ['Debit'], credit: ['Credit'], amountIs: 'debit-minus-credit' },
    };
    expect(
      validateProfile({ ...minimal, columns, sheet: ' Payroll ', headerRow: 4 }, 'my-erp.json'),
    ).toMatchObject({
      sheet: 'Payroll',
      headerRow: 4,
      columns: { phone: ['Phone'] },
      composed: {
        full_name: { join: [['First Name'], ['Last Name']] },
        amount: { debit: ['Debit'], credit: ['Credit'], amountIs: 'debit-minus-credit' },
      },
    });
  });

  it('lists every problem at once', () => {
    expect(problemsOf({ name: 'X Y', type: 'x', relationship: 'y', columns: 1 })).toHaveLength(4);
  });
});

describe('built-in profiles', () => {
  it('ships payroll, suppliers and invoices', () => {
    expect(builtInProfileNames()).toEqual(['invoices', 'payroll', 'suppliers']);
  });

  it.each(['payroll', 'suppliers', 'invoices'])('%s is valid', (name) => {
    expect(loadProfile(name).name).toBe(name);
  });

  it('refuses an unknown name, listing the built-in ones', () => {
    expect(() => loadProfile('payrol')).toThrow(/Profiles: invoices, payroll, suppliers;/);
  });

  it('refuses a reference that is neither a name nor a local path without reading anything', () => {
    expect(() => loadProfile('payroll<script>')).toThrow(/named by lower-case letters/);
  });
});
