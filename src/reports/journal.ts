import Decimal from 'decimal.js';
import type { JournalAccounts } from '../config/app-config';
import { minorUnitsOf } from '../money/currency';
import type { DetailRow } from './detail-row';
import { formatDateTime } from './detail-row';

/** One line of the accounting journal: a debit or a credit to one account. */
export interface JournalLine {
  /** YYYY-MM-DD (UTC) */
  readonly date: string;
  readonly account: string;
  /** A decimal string, or '' on the credit side. */
  readonly debit: string;
  /** A decimal string, or '' on the debit side. */
  readonly credit: string;
  readonly currency: string;
  readonly memo: string;
  /** The payment's reference_id (or the connector's id when it has none): the entry's key. */
  readonly reference: string;
}

export const JOURNAL_HEADER = [
  'date',
  'account',
  'debit',
  'credit',
  'currency',
  'memo',
  'reference',
] as const;

/** The liability a payout settles: salaries for employees, payables for everyone else. */
export function payableAccount(relationshipType: string, accounts: JournalAccounts): string {
  return relationshipType.toUpperCase() === 'EMPLOYEE'
    ? accounts.payrollPayable
    : accounts.suppliersPayable;
}

/**
 * Invoices are collections, booked against receivables; everything else is a payout, whatever
 * relationship its profile gives the payee (a payables profile may pay CUSTOMERs refunds, a
 * receivables profile may bill PARTNERs).
 */
export function isCollection(row: DetailRow): boolean {
  return row.kind === 'invoice';
}

/** The journal entry of one COMPLETED payment or paid invoice (none for any other status). */
export function journalLines(row: DetailRow, accounts: JournalAccounts): JournalLine[] {
  return isCollection(row)
    ? collectionJournalLines(row, accounts)
    : payoutJournalLines(row, accounts);
}

/**
 * The double entry of one COMPLETED payout (none for any other status):
 *   Dr payable (salaries or suppliers)  the requested amount
 *   Dr fees expense                     what the wallet paid on top of it
 *   Cr Dollr wallet                     what left the wallet (Dollr's payer amount)
 * The wallet credit is Dollr's payer amount when it reported one, else amount + fees; the fee line
 * is the difference, so every entry balances to the cent.
 */
export function payoutJournalLines(row: DetailRow, accounts: JournalAccounts): JournalLine[] {
  if (row.status !== 'COMPLETED') return [];
  const requested = new Decimal(row.amount);
  const wallet =
    row.payerAmount !== null
      ? new Decimal(row.payerAmount)
      : requested.plus(row.fees === null ? 0 : new Decimal(row.fees));
  const entry = entryOf(row, `Payout to ${row.name} (${row.externalRef})`);
  const lines = [entry(payableAccount(row.relationshipType, accounts), requested)];
  const fees = wallet.minus(requested);
  if (!fees.isZero()) lines.push(entry(accounts.fees, fees));
  lines.push(entry(accounts.dollrWallet, wallet.negated()));
  return lines;
}

/**
 * The double entry of one COMPLETED collection (an invoice paid):
 *   Dr Dollr wallet      what reached the wallet (Dollr's payee amount)
 *   Dr fees expense      what Dollr kept of the invoice amount (none when the customer paid the fee)
 *   Cr receivables       the invoice amount
 * Without a payee amount from Dollr, the wallet is taken to have received the invoice amount less
 * the fees column; the fee line is the difference, so every entry balances to the cent.
 */
export function collectionJournalLines(row: DetailRow, accounts: JournalAccounts): JournalLine[] {
  if (row.status !== 'COMPLETED') return [];
  const invoiced = new Decimal(row.amount);
  const wallet =
    row.payeeAmount !== null
      ? new Decimal(row.payeeAmount)
      : invoiced.minus(row.fees === null ? 0 : new Decimal(row.fees));
  const entry = entryOf(row, `Collection from ${row.name} (${row.externalRef})`);
  const lines = [entry(accounts.dollrWallet, wallet)];
  const fees = invoiced.minus(wallet);
  if (!fees.isZero()) lines.push(entry(accounts.fees, fees));
  lines.push(entry(accounts.receivables, invoiced.negated()));
  return lines;
}

/** Lines of one payment's entry: a positive amount is a debit, a negative one a credit. */
function entryOf(row: DetailRow, what: string): (account: string, amount: Decimal) => JournalLine {
  const decimals = minorUnitsOf(row.currency);
  const date = formatDateTime(row.completedAt ?? row.createdAt).slice(0, 10);
  const memo = `${what}, batch ${row.batchId} row ${row.sourceRow}`;
  // An invoice paid through its link has no reference_id of ours: Dollr's invoice number is its.
  const reference = row.referenceId ?? row.dollrInvoiceNumber ?? `payment-${row.id}`;
  return (account, amount) => {
    const text = amount.abs().toFixed(decimals);
    const debit = amount.isPositive();
    return {
      date,
      account,
      debit: debit ? text : '',
      credit: debit ? '' : text,
      currency: row.currency,
      memo,
      reference,
    };
  };
}

/** Debits minus credits per currency: every value is zero in a balanced journal. */
export function journalBalance(lines: readonly JournalLine[]): Map<string, string> {
  const balance = new Map<string, Decimal>();
  for (const line of lines) {
    const current = balance.get(line.currency) ?? new Decimal(0);
    balance.set(
      line.currency,
      current.plus(line.debit === '' ? 0 : line.debit).minus(line.credit === '' ? 0 : line.credit),
    );
  }
  return new Map([...balance].map(([currency, value]) => [currency, value.toString()]));
}
