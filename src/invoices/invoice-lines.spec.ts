import type { RowFields, RowStatus } from '../imports/import.types';
import { groupInvoiceLines, type InvoiceRow } from './invoice-lines';

let nextId = 1;
function row(
  status: RowStatus,
  fields: RowFields,
  amountMinor: bigint | null = 1000n,
  currency: 'USD' | 'RWF' | null = 'USD',
): InvoiceRow {
  const id = nextId++;
  const number = fields.invoice_number?.toLowerCase() ?? '';
  return {
    id,
    rowNumber: id + 1,
    status,
    fields,
    currency,
    amountMinor,
    dedupeKey: status === 'valid' ? `R|${number}` : null,
  };
}

const customer = {
  external_ref: 'C-01',
  full_name: 'Monrovia Bakery',
  phone: '231886222333',
  email: null,
};

describe('groupInvoiceLines', () => {
  it('makes one invoice of the lines with the same number, totalled exactly', () => {
    const drafts = groupInvoiceLines([
      row(
        'valid',
        { ...customer, invoice_number: 'INV-1', item: 'Flour', qty: '10', unit_price: '45.75' },
        45750n,
      ),
      row(
        'valid',
        {
          ...customer,
          invoice_number: 'inv-1',
          item: 'Transport',
          qty: '1',
          unit_price: '30.00',
          due_date: '2026-03-10',
        },
        3000n,
      ),
      row(
        'valid',
        {
          ...customer,
          invoice_number: 'INV-2',
          item: 'Bread',
          qty: '2',
          unit_price: '5.00',
          fee_bearer: 'PAYEE',
        },
        1000n,
      ),
    ]);
    expect(drafts).toHaveLength(2);
    expect(drafts[0]).toMatchObject({
      invoiceNumber: 'INV-1',
      dedupeKey: 'R|inv-1',
      currency: 'USD',
      amountMinor: 48750n,
      feeBearer: 'PAYER',
      dueDate: '2026-03-10',
      customer: { externalRef: 'C-01', fullName: 'Monrovia Bakery', phone: '231886222333' },
    });
    expect(drafts[0].lines.map((l) => [l.item, l.qty, l.unitPriceMinor, l.amountMinor])).toEqual([
      ['Flour', '10', 4575n, 45750n],
      ['Transport', '1', 3000n, 3000n],
    ]);
    expect(drafts[1]).toMatchObject({
      invoiceNumber: 'INV-2',
      feeBearer: 'PAYEE',
      amountMinor: 1000n,
    });
  });

  it('leaves out a whole invoice when one of its lines is invalid', () => {
    const drafts = groupInvoiceLines([
      row('valid', {
        ...customer,
        invoice_number: 'INV-1',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
      row('invalid', { ...customer, invoice_number: 'INV-1', item: 'B' }, null),
      row('valid', {
        ...customer,
        invoice_number: 'INV-2',
        item: 'C',
        qty: '1',
        unit_price: '10.00',
      }),
    ]);
    expect(drafts.map((d) => d.invoiceNumber)).toEqual(['INV-2']);
  });

  it('ignores duplicate and skipped rows', () => {
    const drafts = groupInvoiceLines([
      row('valid', {
        ...customer,
        invoice_number: 'INV-1',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
      row('duplicate', {
        ...customer,
        invoice_number: 'INV-1',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
      row('skipped', {}, null, null),
    ]);
    expect(drafts).toHaveLength(1);
    expect(drafts[0].lines).toHaveLength(1);
  });

  it('leaves out an invoice whose lines disagree on the currency', () => {
    const drafts = groupInvoiceLines([
      row('valid', {
        ...customer,
        invoice_number: 'INV-1',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
      row(
        'valid',
        { ...customer, invoice_number: 'INV-1', item: 'B', qty: '1', unit_price: '10' },
        10n,
        'RWF',
      ),
    ]);
    expect(drafts).toEqual([]);
  });

  it('knows a customer without an id by their phone, else their email', () => {
    const [byPhone, byEmail] = groupInvoiceLines([
      row('valid', {
        invoice_number: 'INV-1',
        full_name: 'A',
        phone: '231886222333',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
      row('valid', {
        invoice_number: 'INV-2',
        full_name: 'B',
        email: 'b@example.com',
        item: 'A',
        qty: '1',
        unit_price: '10.00',
      }),
    ]);
    expect(byPhone.customer.externalRef).toBe('231886222333');
    expect(byEmail.customer).toMatchObject({ externalRef: 'b@example.com', phone: null });
  });
});
