import {
  draftProblems,
  type MappingDraft,
  profileFromDraft,
  usesFromProfile,
} from './mapping-model';

const headers = [
  'Vendor ID',
  'First Name',
  'Surname',
  'Mobile',
  'Alt. Mobile',
  'Debit',
  'Credit',
  '',
];

const draft: MappingDraft = {
  name: 'acme-ledger',
  type: 'payables',
  relationship: 'SUPPLIER',
  description: '',
  headers,
  uses: ['external_ref', 'first_name', 'last_name', 'phone', 'phone', 'debit', 'credit', ''],
  amountIs: 'credit-minus-debit',
  decimalSeparator: ',',
};

describe('the profile the mapping step makes', () => {
  it('joins the name, nets the amount and keeps both phone columns, as the profile schema writes them', () => {
    const document = profileFromDraft(draft);
    expect(document).toEqual({
      name: 'acme-ledger',
      type: 'payables',
      relationship: 'SUPPLIER',
      columns: {
        external_ref: ['Vendor ID'],
        phone: ['Mobile', 'Alt. Mobile'],
        full_name: { join: [['First Name'], ['Surname']] },
        amount: { debit: ['Debit'], credit: ['Credit'], amountIs: 'credit-minus-debit' },
      },
      decimalSeparator: ',',
    });
  });

  it('reads back the uses of every column from the document', () => {
    expect(usesFromProfile(profileFromDraft(draft), headers)).toEqual(draft.uses);
  });

  it('takes a lone part of the name as the whole name, but never a lone debit or credit as the amount', () => {
    const lone = { ...draft, uses: ['', 'first_name', '', 'phone', '', '', 'credit', ''] };
    expect(profileFromDraft(lone).columns).toEqual({
      phone: ['Mobile'],
      full_name: ['First Name'],
    });
    expect(draftProblems(lone)).toEqual([
      '"Credit" is the only credit column: choose the debit column too, or choose "Amount" if it holds what to pay.',
    ]);
    expect(draftProblems({ ...draft, uses: ['', '', '', '', '', 'debit', '', ''] })[0]).toMatch(
      /^"Debit" is the only debit column: choose the credit column too/,
    );
  });

  it('finds nothing wrong with a complete mapping, or a lone part next to an Amount column', () => {
    expect(draftProblems(draft)).toEqual([]);
    expect(
      draftProblems({ ...draft, uses: ['', 'full_name', '', 'phone', '', 'debit', 'amount', ''] }),
    ).toEqual([]);
  });

  it('refuses two columns of one name used differently, since a profile finds columns by name', () => {
    const twice = {
      ...draft,
      headers: ['Name', 'Phone', 'Amount', 'Amount'],
      uses: ['full_name', 'phone', '', 'amount'],
    };
    expect(draftProblems(twice)).toEqual([
      'Columns 3 and 4 are both named "Amount" but used differently: a profile finds a column by its name, so it cannot tell them apart. Use them the same way, or rename one in the file.',
    ]);
    // Two "Phone" columns both read as phones are what profiles are for.
    expect(
      draftProblems({
        ...twice,
        headers: ['Name', 'Phone', 'Phone', 'Amount'],
        uses: ['full_name', 'phone', 'phone', 'amount'],
      }),
    ).toEqual([]);
  });

  it('writes the sheet when the step names one', () => {
    expect(profileFromDraft({ ...draft, sheet: 'Ledger' })).toMatchObject({ sheet: 'Ledger' });
  });
});
