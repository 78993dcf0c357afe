import { createHash, type Hash } from 'node:crypto';

/** One payment as an approval sees it. */
export interface ContentPayment {
  readonly paymentId: number;
  readonly payee: string; // relationship + external ref
  readonly phone: string;
  readonly amount: string; // decimal string in the currency's decimals
  readonly currency: string;
  readonly method: string | null;
}

/** A currency's totals as an approval sees them. */
export interface ContentTotals {
  readonly currency: string;
  readonly requested: string;
  readonly fees: string;
}

/** What an approval is bound to: every payment of the batch and the totals per currency. */
export interface BatchContent {
  readonly batchId: number;
  readonly payments: readonly ContentPayment[];
  readonly totals: readonly ContentTotals[];
}

const VERSION = 'dollr-connector/batch-content/v1';

/**
 * The content hash folded a page at a time: payments are added in increasing id order (a page
 * after another), then the totals finish it. The bytes hashed are exactly those of
 * `batchContentHash`'s canonical JSON, so a batch hashed page by page and one hashed whole give
 * the same hash.
 */
export class BatchContentHasher {
  private readonly hash: Hash = createHash('sha256');
  private lastId = Number.NEGATIVE_INFINITY;
  private done = false;

  constructor(batchId: number) {
    this.hash.update(`[${JSON.stringify(VERSION)},${JSON.stringify(batchId)},[`);
  }

  /** The next payments, in increasing id order. */
  add(payments: readonly ContentPayment[]): void {
    if (this.done) throw new Error('the batch content hash is already finished');
    if (payments.length === 0) return;
    const parts: string[] = [];
    for (const p of payments) {
      if (!(p.paymentId > this.lastId)) {
        throw new Error(
          `payments must be hashed in increasing id order (${p.paymentId} after ${this.lastId})`,
        );
      }
      const first = this.lastId === Number.NEGATIVE_INFINITY;
      this.lastId = p.paymentId;
      const json = JSON.stringify([p.paymentId, p.payee, p.phone, p.amount, p.currency, p.method]);
      parts.push(first ? json : `,${json}`);
    }
    this.hash.update(parts.join(''));
  }

  /** The hash, once every payment was added. */
  finish(totals: readonly ContentTotals[]): string {
    if (this.done) throw new Error('the batch content hash is already finished');
    this.done = true;
    const sorted = [...totals]
      .sort((a, b) => a.currency.localeCompare(b.currency))
      .map((t) => [t.currency, t.requested, t.fees]);
    return this.hash.update(`],${JSON.stringify(sorted)}]`).digest('hex');
  }
}

/**
 * SHA-256 of a canonical form of the batch content: payments ordered by id, totals by currency,
 * fixed key order. Any change to a row, an amount or a total changes the hash and voids approvals.
 */
export function batchContentHash(content: BatchContent): string {
  const hasher = new BatchContentHasher(content.batchId);
  hasher.add([...content.payments].sort((a, b) => a.paymentId - b.paymentId));
  return hasher.finish(content.totals);
}
