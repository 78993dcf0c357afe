import { type RowState, writeBackOf } from './write-back';

function row(changes: Partial<RowState>): RowState {
  return { rowNumber: 4, rowStatus: 'valid', errors: [], warnings: [], payment: null, ...changes };
}

const payment = {
  status: 'COMPLETED',
  stuck: false,
  referenceId: '0b5f3c1e-9f0a-4c1e-8d5f-3c1e9f0a4c1e',
  dollrStatus: 'COMPLETED',
  settledAmount: '150.00',
  fees: '3.75',
  currency: 'USD',
  completedAt: new Date('2026-01-31T09:30:00Z'),
  reason: null,
};

describe('writeBackOf', () => {
  it('leaves a skipped totals row as it was', () => {
    expect(writeBackOf(row({ rowStatus: 'skipped' }))).toBeNull();
  });

  it("gives a paid row its payment's status and figures", () => {
    expect(writeBackOf(row({ payment }))).toEqual({
      status: 'COMPLETED',
      referenceId: payment.referenceId,
      dollrStatus: 'COMPLETED',
      settledAmount: '150.00',
      fees: '3.75',
      currency: 'USD',
      completedAt: payment.completedAt,
      failureReason: null,
    });
  });

  it('says STUCK for a payment flagged stuck while still PROCESSING', () => {
    expect(
      writeBackOf(row({ payment: { ...payment, status: 'PROCESSING', stuck: true } }))?.status,
    ).toBe('STUCK');
  });

  it('gives an invalid row its errors', () => {
    const result = writeBackOf(
      row({
        rowStatus: 'invalid',
        errors: [{ column: 'Net Pay', value: '10.555', message: 'has 3 decimals' }],
      }),
    );
    expect(result).toMatchObject({
      status: 'INVALID',
      failureReason: 'Net Pay "10.555" has 3 decimals',
    });
  });

  it('gives a duplicate its pointer to the original', () => {
    const result = writeBackOf(
      row({
        rowStatus: 'duplicate',
        warnings: [{ column: '', value: '', message: 'is a duplicate of row 4 of import 2' }],
      }),
    );
    expect(result).toMatchObject({
      status: 'DUPLICATE',
      failureReason: 'This row is a duplicate of row 4 of import 2',
    });
  });
});
