import { dollrInvoiceNote, invoiceReference, noteCarriesReference } from './invoice-reference';

describe('invoice references', () => {
  it('gives the same ERP invoice the same reference, and another invoice another', () => {
    expect(invoiceReference('R|inv-1001')).toBe(invoiceReference('R|inv-1001'));
    expect(invoiceReference('R|inv-1001')).not.toBe(invoiceReference('R|inv-1002'));
    expect(invoiceReference('R|inv-1001')).toMatch(/^dc-[0-9a-f]{24}$/);
  });

  it.each([
    [null, 'ERP invoice INV-1 [dc-x]'],
    ['  ', 'ERP invoice INV-1 [dc-x]'],
    ['March rent', 'March rent · ERP invoice INV-1 [dc-x]'],
  ])('writes the reference at the end of the note (%p)', (note, expected) => {
    expect(dollrInvoiceNote('INV-1', note, 'dc-x')).toBe(expected);
  });

  it('keeps the reference when a long note is shortened', () => {
    const note = dollrInvoiceNote('INV-1', 'x'.repeat(3000), 'dc-x');
    expect(note.length).toBeLessThanOrEqual(2000);
    expect(noteCarriesReference(note, 'dc-x')).toBe(true);
  });

  it.each([
    ['ERP invoice INV-1 [dc-x]', 'dc-x', true],
    ['ERP invoice INV-1 [dc-xy]', 'dc-x', false],
    [null, 'dc-x', false],
    [42, 'dc-x', false],
  ])('finds the reference in %p', (note, reference, expected) => {
    expect(noteCarriesReference(note, reference)).toBe(expected);
  });
});
