import type { JournalAccounts } from '../config/app-config';
import {
  collectionJournalLines,
  journalBalance,
  journalLines,
  payoutJournalLines,
} from './journal';
import { detailRow } from './testing/detail-row';

const accounts: JournalAccounts = {
  payrollPayable: '2100',
  suppliersPayable: '2000',
  receivables: '1200',
  dollrWallet: '1050',
  fees: '6150',
};

describe('payoutJournalLines', () => {
  it('debits salaries payable and fees, credits the wallet with what Dollr took', () => {
    const lines = payoutJournalLines(detailRow(), accounts);
    expect(lines.map((l) => [l.date, l.account, l.debit, l.credit, l.currency])).toEqual([
      ['2026-01-31', '2100', '100.00', '', 'USD'],
      ['2026-01-31', '6150', '2.00', '', 'USD'],
      ['2026-01-31', '1050', '', '102.00', 'USD'],
    ]);
    expect(lines[0]?.reference).toBe('0b5f3c1e-9f0a-4c1e-8d5f-3c1e9f0a4c1e');
    expect(lines[0]?.memo).toBe('Payout to Amara Kamara (E001), batch 3 row 2');
  });

  it('uses the suppliers payable for every other relationship', () => {
    const lines = payoutJournalLines(detailRow({ relationshipType: 'SUPPLIER' }), accounts);
    expect(lines[0]?.account).toBe('2000');
  });

  it('takes the fee from the fees column when Dollr reported no payer amount', () => {
    const lines = payoutJournalLines(
      detailRow({ currency: 'RWF', amount: '15000', fees: '375', payerAmount: null }),
      accounts,
    );
    expect(lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['2100', '15000', ''],
      ['6150', '375', ''],
      ['1050', '', '15375'],
    ]);
  });

  it('writes no fee line for a payout without fees', () => {
    const lines = payoutJournalLines(detailRow({ fees: null, payerAmount: null }), accounts);
    expect(lines.map((l) => l.account)).toEqual(['2100', '1050']);
  });

  it.each(['FAILED', 'PENDING', 'PROCESSING', 'CANCELED', 'REJECTED'])(
    'writes nothing for a %s payment',
    (status) => {
      expect(payoutJournalLines(detailRow({ status }), accounts)).toEqual([]);
    },
  );

  it('balances per currency over many entries', () => {
    const lines = [
      detailRow({ amount: '0.10', fees: '0.01', payerAmount: '0.11' }),
      detailRow({ amount: '0.20', fees: '0.03', payerAmount: null }),
      detailRow({ currency: 'LRD', amount: '1999.99', fees: '40.01', payerAmount: '2040.00' }),
      detailRow({ currency: 'RWF', amount: '15000', fees: '375', payerAmount: '15375' }),
    ].flatMap((row) => payoutJournalLines(row, accounts));
    expect(Object.fromEntries(journalBalance(lines))).toEqual({ USD: '0', LRD: '0', RWF: '0' });
  });
});

describe('collectionJournalLines', () => {
  const customer = {
    kind: 'invoice' as const,
    relationshipType: 'CUSTOMER',
    name: 'Monrovia Bakery',
    externalRef: 'C-1',
  };

  it('debits the wallet with what it received and the fee, credits receivables', () => {
    const lines = collectionJournalLines(
      detailRow({ ...customer, amount: '19.50', payeeAmount: '19.11', fees: '0.39' }),
      accounts,
    );
    expect(lines.map((l) => [l.account, l.debit, l.credit, l.currency])).toEqual([
      ['1050', '19.11', '', 'USD'],
      ['6150', '0.39', '', 'USD'],
      ['1200', '', '19.50', 'USD'],
    ]);
    expect(lines[0]?.memo).toBe('Collection from Monrovia Bakery (C-1), batch 3 row 2');
  });

  it('writes no fee line when the customer paid the fee on top', () => {
    const lines = collectionJournalLines(
      detailRow({ ...customer, amount: '19.50', payerAmount: '19.89', payeeAmount: '19.50' }),
      accounts,
    );
    expect(lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1050', '19.50', ''],
      ['1200', '', '19.50'],
    ]);
  });

  it('takes the fees column when Dollr reported no payee amount', () => {
    const lines = collectionJournalLines(
      detailRow({ ...customer, currency: 'RWF', amount: '15000', fees: '300', payeeAmount: null }),
      accounts,
    );
    expect(lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1050', '14700', ''],
      ['6150', '300', ''],
      ['1200', '', '15000'],
    ]);
  });

  it('is chosen for invoices by journalLines, and payouts for everything else', () => {
    expect(journalLines(detailRow({ ...customer }), accounts).at(-1)?.account).toBe('1200');
    expect(journalLines(detailRow(), accounts).at(-1)?.account).toBe('1050');
  });

  it('goes by what was paid, not by the relationship the profile gave the payee', () => {
    // A refund paid out to a customer, and an invoice billed to a partner.
    const refund = journalLines(detailRow({ relationshipType: 'CUSTOMER' }), accounts);
    expect(refund.map((l) => l.account)).toEqual(['2000', '6150', '1050']);
    expect(refund.at(-1)?.credit).not.toBe('');
    const partnerInvoice = journalLines(
      detailRow({ ...customer, relationshipType: 'PARTNER' }),
      accounts,
    );
    expect(partnerInvoice.map((l) => l.account)).toEqual(['1050', '1200']);
    expect(partnerInvoice[0]?.debit).not.toBe('');
  });

  it('writes nothing for a collection that is not COMPLETED', () => {
    expect(collectionJournalLines(detailRow({ ...customer, status: 'FAILED' }), accounts)).toEqual(
      [],
    );
  });

  it('balances per currency', () => {
    const lines = [
      detailRow({ ...customer, amount: '0.10', payeeAmount: '0.09' }),
      detailRow({
        ...customer,
        currency: 'LRD',
        amount: '1999.99',
        fees: '40.01',
        payeeAmount: null,
      }),
    ].flatMap((row) => journalLines(row, accounts));
    for (const value of journalBalance(lines).values()) expect(value).toBe('0');
  });
});
