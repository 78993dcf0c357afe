import type { DetailRow } from '../detail-row';

/** A COMPLETED USD payout of 100.00 with 2.00 fees, for specs. */
export function detailRow(changes: Partial<DetailRow> = {}): DetailRow {
  return {
    kind: 'payment',
    id: 1,
    batchId: 3,
    relationshipType: 'EMPLOYEE',
    sourceFile: 'january.csv',
    sourceRow: 2,
    externalRef: 'E001',
    name: 'Amara Kamara',
    phone: '231886123456',
    currency: 'USD',
    amount: '100.00',
    method: 'MTN',
    provider: 'PAWAPAY',
    referenceId: '0b5f3c1e-9f0a-4c1e-8d5f-3c1e9f0a4c1e',
    dollrSessionId: '17',
    providerTransactionId: null,
    status: 'COMPLETED',
    dollrStatus: 'COMPLETED',
    gatewayMessage: null,
    reason: null,
    fees: '2.00',
    payerAmount: '102.00',
    payeeAmount: '100.00',
    settledAmount: '100.00',
    variance: '0.00',
    fxRate: null,
    createdAt: new Date('2026-01-30T10:00:00Z'),
    completedAt: new Date('2026-01-31T09:30:00Z'),
    stuckAt: null,
    ...changes,
  };
}
