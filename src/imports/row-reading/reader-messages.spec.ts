import { ImportError } from '../import.errors';
import type { StorableRow } from '../import.types';
import { describeFailure, packRows, reviveFailure, unpackRows } from './reader-messages';
import { mayReadOnWorker, readsOnWorker } from './row-source';

function storable(rowNumber: number, changes: Partial<StorableRow> = {}): StorableRow {
  return {
    rowNumber,
    status: 'valid',
    raw: '["EMP001","Jérôme Doe","0886 123 456","1,250.50"]',
    fields: '{"external_ref":"EMP001","phone":"231886123456","amount":"1250.50"}',
    invoice: null,
    currency: 'USD',
    amountMinor: 125050n,
    errors: [],
    warnings: [],
    dedupeKey: 'P|EMPLOYEE|emp001|2025-12|',
    duplicateOf: null,
    phoneFirstSeen: null,
    ...changes,
  };
}

describe('rows handed over by the reading thread', () => {
  it('arrive as they were posted, each with issue lists of its own', () => {
    const rows = [
      storable(2),
      storable(3, {
        status: 'invalid',
        fields: null,
        currency: null,
        amountMinor: null,
        dedupeKey: null,
        errors: [{ column: 'Net Pay', value: '-5', message: 'must be more than zero' }],
      }),
      storable(4, {
        // Control characters in cells and in user text outside them travel unharmed.
        raw: JSON.stringify(['INV\u00019', 'a\nb', '']),
        invoice: 'inv\u00019',
        dedupeKey: 'R|inv\u00019',
        duplicateOf: { importId: null, row: 2 },
        warnings: [{ column: '', value: '', message: 'is a duplicate of row 2 of this file' }],
        phoneFirstSeen: { row: 2, column: 'Mobile Number' },
      }),
    ];
    const received = unpackRows(structuredClone(packRows(rows)));
    expect(received).toEqual(rows);
    // The stored-row checks add warnings to rows that had none: each row needs its own list.
    received[0]?.warnings.push({ column: '', value: '', message: 'x' });
    expect(received[1]?.warnings).toEqual([]);
  });
});

describe('a failure of the reading thread', () => {
  it('is the same ImportError on the main thread: code, message, details and HTTP status', () => {
    const error = new ImportError('SHEET_NOT_FOUND', 'The workbook has no sheet "X".', {
      sheets: ['Payroll'],
    });
    const revived = reviveFailure(structuredClone(describeFailure(error)));
    expect(revived).toBeInstanceOf(ImportError);
    expect(revived).toMatchObject({
      code: 'SHEET_NOT_FOUND',
      message: 'The workbook has no sheet "X".',
      details: { sheets: ['Payroll'] },
      status: 422,
    });
  });

  it('keeps the message of any other error', () => {
    const revived = reviveFailure(structuredClone(describeFailure(new TypeError('boom'))));
    expect(revived).not.toBeInstanceOf(ImportError);
    expect(revived.message).toBe('boom');
  });
});

describe('readsOnWorker', () => {
  it('never reads a workbook or a CSV below the threshold on a worker thread', () => {
    const workbook = { format: 'xlsx', encoding: null, delimiter: null } as const;
    const csv = { format: 'csv', encoding: 'utf8', delimiter: ',' } as const;
    expect(readsOnWorker(workbook, 50_000_000, 0)).toBe(false);
    expect(readsOnWorker(csv, 1_000, 1_001)).toBe(false);
    expect(mayReadOnWorker('Payroll.XLSX', 50_000_000, 0)).toBe(false);
    expect(mayReadOnWorker('payroll.csv', 1_000, 1_001)).toBe(false);
  });
});
