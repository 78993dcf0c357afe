import { StoredRowChecks, type StoredRowLookups } from './stored-row-checks';
import type { DuplicatePointer, ProcessedRow, RowFields, StorableRow } from './import.types';
import { storableRow } from './storable-row';
import { partyOf, type RowParty } from './row-party';

const IMPORT_ID = 7;

function row(
  rowNumber: number,
  fields: RowFields,
  changes: Partial<ProcessedRow> = {},
): StorableRow {
  return storableRow({
    rowNumber,
    status: 'valid',
    raw: [],
    fields,
    currency: 'USD',
    amountMinor: 100n,
    errors: [],
    warnings: [],
    dedupeKey: null,
    duplicateOf: null,
    phoneFirstSeen: null,
    ...changes,
  });
}

/** Lookups over rows "already stored": keys and parties given by the test. */
function stored(
  keys: Record<string, DuplicatePointer[]> = {},
  parties: Record<number, RowFields> = {},
): StoredRowLookups & { asked: { keys: string[][]; withThisImport: boolean[] } } {
  const asked = { keys: [] as string[][], withThisImport: [] as boolean[] };
  return {
    asked,
    firstRowsWithKeys: (wanted, withThisImport) => {
      asked.keys.push([...wanted]);
      asked.withThisImport.push(withThisImport);
      const found = new Map<string, DuplicatePointer>();
      for (const key of wanted) {
        const pointers = (keys[key] ?? []).filter(
          (p) => withThisImport || p.importId !== IMPORT_ID,
        );
        if (pointers[0] !== undefined) found.set(key, pointers[0]);
      }
      return Promise.resolve(found);
    },
    partiesOfRows: (rowNumbers) =>
      Promise.resolve(
        new Map<number, RowParty>(
          rowNumbers.flatMap((n) => (parties[n] ? [[n, partyOf(parties[n])]] : [])),
        ),
      ),
  };
}

describe('StoredRowChecks', () => {
  it('marks a payable repeating a stored row, or a row earlier in its batch, as a duplicate', async () => {
    const lookups = stored({
      'P|a': [{ importId: 3, row: 9 }],
      'P|b': [{ importId: IMPORT_ID, row: 2 }],
    });
    const batch = [
      row(20, {}, { dedupeKey: 'P|a' }),
      row(21, {}, { dedupeKey: 'P|b' }),
      row(22, {}, { dedupeKey: 'P|c' }),
      row(23, {}, { dedupeKey: 'P|c' }),
      row(24, {}, { dedupeKey: 'P|d', status: 'invalid' }),
    ];
    await new StoredRowChecks('payables', IMPORT_ID, lookups).checkPage(batch);
    expect(batch.map((r) => [r.status, r.duplicateOf])).toEqual([
      ['duplicate', { importId: 3, row: 9 }],
      ['duplicate', { importId: IMPORT_ID, row: 2 }],
      ['valid', null],
      ['duplicate', { importId: IMPORT_ID, row: 22 }],
      ['invalid', null],
    ]);
    expect(batch[0]?.warnings[0]?.message).toBe(
      'was already imported in import 3, row 9: it is not paid twice',
    );
    expect(batch[3]?.warnings[0]?.message).toBe(
      'is a duplicate of row 22 of this file: it is not paid twice',
    );
    // Invalid rows are never looked up; each key once.
    expect(lookups.asked.keys).toEqual([['P|a', 'P|b', 'P|c']]);
    expect(lookups.asked.withThisImport).toEqual([true]);
  });

  it('compares invoice lines with earlier imports only: lines of one invoice share their key', async () => {
    const lookups = stored({ 'R|inv-1': [{ importId: IMPORT_ID, row: 2 }] });
    const batch = [
      row(3, { invoice_number: 'INV-1' }, { dedupeKey: 'R|inv-1' }),
      row(4, { invoice_number: 'INV-1' }, { dedupeKey: 'R|inv-1' }),
    ];
    const rowChecks = new StoredRowChecks('receivables', IMPORT_ID, lookups);
    await rowChecks.checkPage(batch);
    expect(batch.map((r) => r.status)).toEqual(['valid', 'valid']);
    expect(lookups.asked.withThisImport).toEqual([false]);
    expect(rowChecks.validInvoices()).toBe(1);
  });

  it('counts an invoice as valid only when none of its lines is invalid', async () => {
    const rowChecks = new StoredRowChecks('receivables', IMPORT_ID, stored());
    await rowChecks.checkPage([
      row(2, { invoice_number: 'A' }),
      row(3, { invoice_number: 'a' }),
      row(4, { invoice_number: 'B' }),
      row(5, { invoice_number: 'B' }, { status: 'invalid' }),
    ]);
    expect(rowChecks.validInvoices()).toBe(1);
    expect(new StoredRowChecks('payables', IMPORT_ID, stored()).validInvoices()).toBeNull();
  });

  it('warns when another payee has the phone of an earlier row, stored or in the batch', async () => {
    const lookups = stored({}, { 2: { external_ref: 'E1', full_name: 'Mary Tarr' } });
    const phone = '231886100000';
    const seen = (first: number) => ({ row: first, column: 'Mobile Number' });
    const batch = [
      row(30, { external_ref: 'E2', full_name: 'Moses Doe', phone }, { phoneFirstSeen: seen(2) }),
      row(31, { external_ref: 'e1', full_name: 'Mary Tarr', phone }, { phoneFirstSeen: seen(2) }),
      row(
        32,
        { external_ref: 'E3', full_name: 'Fatu Kamara', phone },
        { phoneFirstSeen: seen(30) },
      ),
    ];
    await new StoredRowChecks('payables', IMPORT_ID, lookups).checkPage(batch);
    expect(batch.map((r) => r.warnings)).toEqual([
      [
        {
          column: 'Mobile Number',
          value: phone,
          message:
            'is also the phone of Mary Tarr on row 2: check that two people really share one phone',
        },
      ],
      [],
      [
        {
          column: 'Mobile Number',
          value: phone,
          message:
            'is also the phone of Moses Doe on row 30: check that two people really share one phone',
        },
      ],
    ]);
    expect(batch.every((r) => r.phoneFirstSeen === null)).toBe(true);
  });
});
