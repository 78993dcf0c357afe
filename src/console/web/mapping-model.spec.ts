import { type MappingDraft, profileFromDraft, usesFromProfile } from './mapping-model';

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

  it('takes a lone part of the name or the amount as the whole field', () => {
    const columns = profileFromDraft({
      ...draft,
      uses: ['', 'first_name', '', 'phone', '', '', 'credit', ''],
    }).columns;
    expect(columns).toEqual({
      phone: ['Mobile'],
      full_name: ['First Name'],
      amount: ['Credit'],
    });
  });

  it('writes the sheet and the header row when the step names them', () => {
    expect(profileFromDraft({ ...draft, sheet: 'Ledger', headerRow: 3 })).toMatchObject({
      sheet: 'Ledger',
      headerRow: 3,
    });
  });
});
