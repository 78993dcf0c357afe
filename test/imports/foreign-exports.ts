/** A supplier ledger from another system: names in two columns, debit and credit, decimal commas. */
export const LEDGER = [
  'ACME Trading - Supplier ledger, November 2026',
  '',
  'Vendor ID;First Name;Surname;Mobile;Alt. Mobile;Debit;Credit;Bill No',
  'V-01;Musu;Kollie;0886 123 456;;0,00;1.250,50;B-100',
  'V-02;Joseph;Flomo;;0777 222 333;;300,00;B-101',
  'V-03;Sia;Kamara;0886 765 432;;50,00;;B-102',
].join('\r\n');
