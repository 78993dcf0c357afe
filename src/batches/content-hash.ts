import { createHash } from 'node:crypto';

/** What an approval is bound to: every payment of the batch and the totals per currency. */
export interface BatchContent {
  readonly batchId: number;
  readonly payments: readonly {
    readonly paymentId: number;
    readonly payee: string; // relationship + external ref
    readonly phone: string;
    readonly amount: string; // decimal string in the currency's decimals
    readonly currency: string;
    readonly method: string | null;
  }[];
  readonly totals: readonly {
    readonly currency: string;
    readonly requested: string;
    readonly fees: string;
  }[];
}

/**
 * SHA-256 of a canonical form of the batch content: payments ordered by id, totals by currency,
 * fixed key order. Any change to a row, an amount or a total changes the hash and voids approvals.
 */
export function batchContentHash(content: BatchContent): string {
  const canonical = [
    'dollr-connector/batch-content/v1',
    content.batchId,
    [...content.payments]
      .sort((a, b) => a.paymentId - b.paymentId)
      .map((p) => [p.paymentId, p.payee, p.phone, p.amount, p.currency, p.method]),
    [...content.totals]
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((t) => [t.currency, t.requested, t.fees]),
  ];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
