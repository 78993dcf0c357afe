import type { Cell } from './normalise/cell';
import { validateProfile } from './profiles/profile.validate';
import { ImportRowProcessor } from './row-processor';

/** A supplier ledger export: names in two columns, amounts as debit and credit. */
const ledger = validateProfile(
  {
    name: 'ledger',
    type: 'payables',
    relationship: 'SUPPLIER',
    columns: {
      full_name: { join: [['First Name'], ['Last Name']] },
      phone: ['Mobile', 'Phone'],
      amount: { debit: ['Debit'], credit: ['Credit'], amountIs: 'credit-minus-debit' },
      reference: ['Bill No'],
      currency: ['Currency'],
    },
  },
  'ledger',
);

function processor(profile = ledger): ImportRowProcessor {
  const p = new ImportRowProcessor(
    { profile, fileName: 'ledger.csv', importMonth: '2026-12', country: 'LR' },
    null,
  );
  expect(
    p.process({
      rowNumber: 1,
      cells: [
        'Bill No',
        'First Name',
        'Last Name',
        'Mobile',
        'Phone',
        'Debit',
        'Credit',
        'Currency',
      ],
    }),
  ).toBeNull();
  return p;
}

function row(cells: Cell[]) {
  return processor().process({ rowNumber: 2, cells });
}

describe('a name joined from first and last name columns', () => {
  it('is the parts with a space, skipping a blank one', () => {
    expect(
      row(['B-1', 'Musu', 'Kollie', '0886123456', '', '', '100', 'USD'])?.fields?.full_name,
    ).toBe('Musu Kollie');
    expect(row(['B-1', '', 'Kollie', '0886123456', '', '', '100', 'USD'])?.fields?.full_name).toBe(
      'Kollie',
    );
  });

  it('is missing when every part is blank, named by its columns', () => {
    expect(row(['B-1', '', ' ', '0886123456', '', '', '100', 'USD'])?.errors).toContainEqual(
      expect.objectContaining({ column: 'First Name + Last Name', value: '' }),
    );
  });
});

describe('an amount from a debit and a credit column', () => {
  it('is credit minus debit, each blank side counting as nothing', () => {
    const paid = row(['B-1', 'Musu', 'Kollie', '0886123456', '', '', '1,250.50', 'USD']);
    expect(paid?.status).toBe('valid');
    expect(paid?.fields?.amount).toBe('1250.50');
    expect(
      row(['B-2', 'Musu', 'Kollie', '0886123456', '', 20.25, 100, 'USD'])?.fields?.amount,
    ).toBe('79.75');
  });

  it('is refused when it is not above zero, naming both columns and the result', () => {
    const refund = row(['B-3', 'Musu', 'Kollie', '0886123456', '', '50', '', 'USD']);
    expect(refund?.status).toBe('invalid');
    expect(refund?.errors).toEqual([
      expect.objectContaining({ column: 'Credit − Debit', value: '-50' }),
    ]);
  });

  it('is missing when both sides are blank', () => {
    const blank = row(['B-4', 'Musu', 'Kollie', '0886123456', '', '', '', 'USD']);
    expect(blank?.errors).toEqual([
      expect.objectContaining({ column: 'Credit − Debit', value: '' }),
    ]);
  });

  it('names the side that is not an amount, once', () => {
    const bad = row(['B-5', 'Musu', 'Kollie', '0886123456', '', 'n/a', '100', 'USD']);
    expect(bad?.errors).toEqual([
      {
        column: 'Debit',
        value: 'n/a',
        message: 'is not an amount, so the amount (Credit − Debit) cannot be worked out',
      },
    ]);
  });

  it('refuses a negative side, which would otherwise add to the payout, naming its column', () => {
    // Credit 0 − Debit (100) is +100: a negative debit must never become money paid out.
    for (const debit of ['(100)', '-100', -100, '100-']) {
      const bad = row(['B-8', 'Musu', 'Kollie', '0886123456', '', debit, '', 'USD']);
      expect(bad?.status).toBe('invalid');
      expect(bad?.errors).toEqual([
        {
          column: 'Debit',
          value: String(debit),
          message:
            'is negative: a debit or a credit is written as a positive amount, the side it is on says which way it goes, so the amount (Credit − Debit) cannot be worked out',
        },
      ]);
    }
    expect(
      row(['B-9', 'Musu', 'Kollie', '0886123456', '', '', '-20', 'USD'])?.errors[0]?.column,
    ).toBe('Credit');
  });

  it('keeps every decimal of both sides, so too many decimals are refused, not rounded away', () => {
    const exact = row([
      'B-10',
      'Musu',
      'Kollie',
      '0886123456',
      '',
      '0.00000000000000000001',
      '100',
      'USD',
    ]);
    expect(exact?.status).toBe('invalid');
    expect(exact?.errors[0]).toMatchObject({
      column: 'Credit − Debit',
      value: '99.99999999999999999999',
    });
  });

  it('keeps a currency written with the amount, and refuses two', () => {
    expect(
      row(['B-6', 'Musu', 'Kollie', '0886123456', '', '', 'L$ 500', ''])?.fields?.currency,
    ).toBe('LRD');
    expect(
      row(['B-7', 'Musu', 'Kollie', '0886123456', '', 'USD 5', 'L$ 500', ''])?.errors,
    ).toContainEqual(
      expect.objectContaining({
        column: 'Credit − Debit',
        message: expect.stringMatching(/two currencies/) as unknown,
      }),
    );
  });
});

describe('a phone from one of several columns', () => {
  it('is the first filled one', () => {
    expect(row(['B-1', 'Musu', 'Kollie', '', '0777123456', '', '10', 'USD'])?.fields?.phone).toBe(
      '231777123456',
    );
    expect(
      row(['B-1', 'Musu', 'Kollie', '0886123456', '0777123456', '', '10', 'USD'])?.fields?.phone,
    ).toBe('231886123456');
  });
});

describe("a profile's header row", () => {
  const fixed = validateProfile(
    {
      name: 'fixed',
      type: 'payables',
      relationship: 'EMPLOYEE',
      headerRow: 3,
      period: '2026-11',
      columns: { full_name: ['Who'], phone: ['Tel'], amount: ['Sum'] },
    },
    'fixed',
  );
  const options = {
    profile: fixed,
    fileName: 'x.csv',
    importMonth: '2026-12',
    country: 'LR' as const,
    currency: 'USD' as const,
  };

  it('is the header even when a row above names more fields', () => {
    const p = new ImportRowProcessor(options, null);
    expect(p.process({ rowNumber: 1, cells: ['Who', 'Tel', 'Sum', 'x'] })).toBeNull();
    expect(p.process({ rowNumber: 3, cells: ['Tel', 'Who', 'Sum'] })).toBeNull();
    expect(p.columnMap).toMatchObject({
      headerRow: 3,
      columns: { phone: 0, full_name: 1, amount: 2 },
    });
    expect(p.process({ rowNumber: 4, cells: ['0886123456', 'Musu', '10'] })?.status).toBe('valid');
  });

  it('being blank is an error naming the row', () => {
    const p = new ImportRowProcessor(options, null);
    expect(p.process({ rowNumber: 1, cells: ['Payroll'] })).toBeNull();
    expect(() => p.process({ rowNumber: 4, cells: ['Tel', 'Who', 'Sum'] })).toThrow(
      /says the header is on row 3, but that row is blank/,
    );
  });

  it('lacking a required column names what it lacks', () => {
    const p = new ImportRowProcessor(options, null);
    expect(() => p.process({ rowNumber: 3, cells: ['Who', 'Tel'] })).toThrow(
      /header on row 3 has no column for: amount/,
    );
  });
});
