import type { ImportField } from '../import.types';
import { fieldsOf, requiredColumns } from '../profiles/profile.validate';
import type { ImportProfile } from '../profiles/profile.types';

export const TEMPLATE_NAMES = ['payroll', 'suppliers', 'invoices'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

/** What each field holds, for the notes sheet of a template. */
const MEANINGS: Record<ImportField, string> = {
  external_ref: "The person's or company's ID in your HR or accounting system",
  full_name: 'Full name, as the mobile money account is registered',
  phone: 'Mobile money number: local (0886 123 456) or international (+231 886 123 456)',
  email: 'Email address',
  country_code:
    'LR (Liberia) or RW (Rwanda); needed for a local number when the currency says nothing',
  amount: 'Amount to pay, in the currency (USD and LRD: 2 decimals; RWF: whole numbers)',
  currency: 'USD, LRD or RWF',
  method: 'MTN, Orange or Airtel; found from the phone number when blank',
  period: 'Pay period, such as 2026-11; a bill may give its reference instead',
  reference: 'Bill or payslip reference; a payroll may give its period instead',
  note: 'Anything to keep with the payment',
  invoice_number: 'Invoice number: the lines of one invoice share it',
  item: 'What the line bills for',
  qty: 'Quantity (1 when blank)',
  unit_price: 'Price of one unit, in the currency',
  due_date: 'When the invoice is due: 2026-12-31 or 31/12/2026',
  fee_bearer: 'Who pays the fees: PAYER (you, the default) or PAYEE',
};

/** One example row, by field: realistic, and valid as the built-in profile reads it. */
const EXAMPLES: Record<TemplateName, Partial<Record<ImportField, string>>> = {
  payroll: {
    external_ref: 'EMP001',
    full_name: 'Musu Kamara',
    phone: '0886 123 456',
    amount: '250.00',
    currency: 'USD',
    period: '2026-11',
  },
  suppliers: {
    external_ref: 'SUP-01',
    full_name: 'Kpelle Farms Ltd',
    phone: '0886 234 567',
    amount: '1200.00',
    currency: 'USD',
    reference: 'BILL-2026-118',
  },
  invoices: {
    invoice_number: 'INV-1001',
    external_ref: 'C-01',
    full_name: 'Kigali Traders',
    phone: '0788 123 456',
    item: 'Consulting',
    qty: '2',
    unit_price: '15000',
    currency: 'RWF',
    due_date: '31/12/2026',
  },
};

export interface Template {
  readonly headers: string[];
  readonly example: string[];
  /** Column, required or not, and what it holds: the notes sheet. */
  readonly notes: [string, string, string][];
}

/**
 * A blank file the built-in profile reads: its first name for each field that has an example or
 * is required, in the profile's order, one example row, and what each column holds.
 */
export function templateOf(name: TemplateName, profile: ImportProfile): Template {
  const required = requiredColumns(profile.type);
  const example = EXAMPLES[name];
  const fields = fieldsOf(profile.type).filter(
    (field) =>
      profile.columns[field] !== undefined &&
      (example[field] !== undefined || required.all.includes(field)),
  );
  const headerOf = (field: ImportField): string => profile.columns[field]?.[0] ?? field;
  const isRequired = (field: ImportField): string =>
    required.all.includes(field)
      ? 'required'
      : required.anyOf.some((group) => group.includes(field))
        ? 'one of ' +
          (required.anyOf.find((g) => g.includes(field)) ?? []).map(headerOf).join(' or ')
        : 'optional';
  return {
    headers: fields.map(headerOf),
    example: fields.map((field) => example[field] ?? ''),
    notes: fields.map((field) => [headerOf(field), isRequired(field), MEANINGS[field]]),
  };
}
