import type { SheetRow } from '../../normalise/cell';
import { guessFromHeader, looksLikePhones, usesDecimalComma } from './column-guess';
import { suggestProfile } from './suggest-profile';

function rows(...lines: (string | number)[][]): SheetRow[] {
  return lines.map((cells, i) => ({ rowNumber: i + 1, cells }));
}

describe('guessFromHeader', () => {
  it.each([
    ['First Name', 'payables', { kind: 'first_name' }],
    ['Prénom', 'payables', { kind: 'first_name' }],
    ['Family name', 'receivables', { kind: 'last_name' }],
    ['Dr', 'payables', { kind: 'debit' }],
    ['Credit Amount', 'payables', { kind: 'credit' }],
    ['MoMo Number', 'payables', { kind: 'field', field: 'phone' }],
    ['Net Salary (LRD)', 'payables', { kind: 'field', field: 'amount' }],
    ['Montant', 'payables', { kind: 'field', field: 'amount' }],
    ['Invoice Date Due', 'receivables', { kind: 'field', field: 'due_date' }],
    ['Invoice No', 'receivables', { kind: 'field', field: 'invoice_number' }],
    ['Qty', 'receivables', { kind: 'field', field: 'qty' }],
    ['Staff ID', 'payables', { kind: 'field', field: 'external_ref' }],
    ['Worker', 'payables', { kind: 'field', field: 'full_name' }],
  ] as const)('%s in %s is %j', (header, kind, role) => {
    expect(guessFromHeader(header, kind)).toEqual(role);
  });

  it('leaves words it does not know alone', () => {
    expect(guessFromHeader('Department', 'payables')).toBeNull();
    expect(guessFromHeader('', 'payables')).toBeNull();
    // A debit column means nothing in an invoice list.
    expect(guessFromHeader('Debit', 'receivables')).toBeNull();
  });
});

describe('values', () => {
  it('look like phones when most are Liberian or Rwandan numbers', () => {
    expect(looksLikePhones(['0886 123 456', '+231 777 222 333', '078 812 3456', ''])).toBe(true);
    expect(looksLikePhones(['12', '1250.50', '300'])).toBe(false);
    expect(looksLikePhones([])).toBe(false);
  });

  it('use a decimal comma when most amounts are written so', () => {
    expect(usesDecimalComma(['1.250,50', '300,00', ''])).toBe(true);
    expect(usesDecimalComma(['1,250.50', '300.00'])).toBe(false);
  });
});

describe('suggestProfile', () => {
  const base = {
    fileName: 'export.csv',
    sheet: null,
    sheetChosen: false,
    importMonth: '2026-12',
    headerRowOption: '--header-row N',
  };

  it('reads an invoice list as receivables and keys it for the invoices built-in names', () => {
    const suggestion = suggestProfile({
      ...base,
      rows: rows(
        ['Invoice No', 'Client', 'Phone', 'Product', 'Qty', 'Unit Price', 'Due'],
        ['F-1', 'Musu Kollie', '0886123456', 'Rice', 2, 12.5, '2026-12-31'],
      ),
    });
    expect(suggestion.type).toBe('receivables');
    expect(suggestion.profile).toMatchObject({
      type: 'receivables',
      relationship: 'CUSTOMER',
      columns: {
        invoice_number: ['Invoice No'],
        full_name: ['Client'],
        phone: ['Phone'],
        item: ['Product'],
        qty: ['Qty'],
        unit_price: ['Unit Price'],
        due_date: ['Due'],
      },
    });
    expect(suggestion.complete).toBe(true);
  });

  it('finds the header under title rows and names the period it will pay', () => {
    const suggestion = suggestProfile({
      ...base,
      rows: rows(
        ['Payroll for October 2026'],
        ['Employee', 'Mobile No', 'Net Pay'],
        ['Musu Kollie', '0886123456', 100],
      ),
    });
    expect(suggestion).toMatchObject({ type: 'payables', headerRow: 2, complete: true });
    expect(suggestion.profile).toMatchObject({ relationship: 'EMPLOYEE' });
    expect(suggestion.checks).toContainEqual(
      expect.stringMatching(/will pay 2026-10, from the title rows/),
    );
  });

  it('says what is missing and leaves the profile incomplete', () => {
    const suggestion = suggestProfile({
      ...base,
      rows: rows(['Employee', 'Mobile No', 'Grade'], ['Musu Kollie', '0886123456', 'B2']),
      kind: 'payables',
      headerRow: 1,
    });
    expect(suggestion.missing).toEqual(['amount']);
    expect(suggestion.complete).toBe(false);
    expect(suggestion.columns[2]).toMatchObject({ header: 'Grade', use: null });
  });

  it('reads a lone credit column as the amount only with a check saying so', () => {
    const suggestion = suggestProfile({
      ...base,
      rows: rows(['Supplier', 'Mobile', 'Credit'], ['Acme Ltd', '0886123456', '1250.50']),
      kind: 'payables',
      headerRow: 1,
    });
    expect(suggestion.profile).toMatchObject({ columns: { amount: ['Credit'] } });
    expect(suggestion.checks).toContainEqual(
      '"Credit" is the only credit column, so it is read as the amount to pay: check that it holds what to pay, not what was paid.',
    );
  });
});
