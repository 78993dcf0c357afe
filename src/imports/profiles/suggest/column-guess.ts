import type { ImportField, ImportKind } from '../../import.types';
import { headerKey } from '../header-key';

/** What a column probably is: a field, or a part of a field made of several columns. */
export type ColumnRole =
  | { readonly kind: 'field'; readonly field: ImportField }
  | { readonly kind: 'first_name' }
  | { readonly kind: 'last_name' }
  | { readonly kind: 'debit' }
  | { readonly kind: 'credit' };

interface Rule {
  readonly role: ColumnRole;
  readonly kinds: readonly ImportKind[];
  /** Matched against the header key: lower-case letters and digits only. */
  readonly pattern: RegExp;
}

const both: readonly ImportKind[] = ['payables', 'receivables'];
const field = (f: ImportField): ColumnRole => ({ kind: 'field', field: f });

/**
 * Words that name a column in the exports of payroll, accounting and ERP systems (English and
 * French), most specific first: "Invoice Date" is a date before it is an invoice number.
 */
const RULES: readonly Rule[] = [
  {
    role: { kind: 'first_name' },
    kinds: both,
    pattern: /^(first|given|fore|christian)names?$|^prenoms?$/,
  },
  {
    role: { kind: 'last_name' },
    kinds: both,
    pattern: /^(last|sur|family)names?$|^surname$|^nomdefamille$/,
  },
  { role: { kind: 'debit' }, kinds: ['payables'], pattern: /^(debit|dr)(amount)?$/ },
  { role: { kind: 'credit' }, kinds: ['payables'], pattern: /^(credit|cr)(amount)?$/ },
  { role: field('due_date'), kinds: ['receivables'], pattern: /due|echeance/ },
  { role: field('email'), kinds: both, pattern: /e?mail|courriel/ },
  {
    role: field('phone'),
    kinds: both,
    pattern: /phone|mobile|msisdn|^tel|cell|gsm|momo|wallet|portable|contact(no|number)/,
  },
  { role: field('currency'), kinds: both, pattern: /^(currency|devise|ccy|cur|curr)(code)?$/ },
  { role: field('country_code'), kinds: both, pattern: /^(country|pays)(code)?$/ },
  {
    role: field('method'),
    kinds: ['payables'],
    pattern: /operator|network|provider|method|channel|operateur|reseau/,
  },
  { role: field('period'), kinds: ['payables'], pattern: /period|month|mois|periode|payrun/ },
  { role: field('fee_bearer'), kinds: ['receivables'], pattern: /feebearer|fees?paidby/ },
  { role: field('qty'), kinds: ['receivables'], pattern: /^(qty|quantity|quantite|qte|units)$/ },
  {
    role: field('unit_price'),
    kinds: ['receivables'],
    pattern: /unitprice|^price|^rate$|prixunitaire|^prix/,
  },
  {
    role: field('invoice_number'),
    kinds: ['receivables'],
    pattern: /^(invoice|inv|facture|bill)(no|num|number|id|ref)?$|^(invoice|facture)/,
  },
  {
    role: field('item'),
    kinds: ['receivables'],
    pattern: /item|description|product|service|article|designation|libelle/,
  },
  {
    role: field('reference'),
    kinds: ['payables'],
    pattern:
      /^(bill|invoice|voucher|payslip|facture|ref|reference|doc|document)(no|num|number|id|ref)?$/,
  },
  {
    role: field('amount'),
    kinds: ['payables'],
    pattern:
      /amount|netpay|net$|salary|salaire|wage|montant|topay|payable|^pay$|^total|^sum$|balance/,
  },
  {
    role: field('external_ref'),
    kinds: both,
    pattern:
      /(employee|emp|staff|supplier|vendor|customer|client|payee|matricule)(id|no|num|number|code|ref)$|^(id|code|matricule)$/,
  },
  {
    role: field('full_name'),
    kinds: both,
    pattern:
      /name|nom|payee|beneficiary|recipient|employee|staff|worker|person|supplier|vendor|customer|client|fournisseur|beneficiaire/,
  },
  {
    role: field('note'),
    kinds: ['payables'],
    pattern: /note|memo|comment|remark|narration|libelle|description/,
  },
];

/** The role a header's words suggest for a file of this kind, or null. */
export function guessFromHeader(header: string, kind: ImportKind): ColumnRole | null {
  const key = headerKey(header);
  if (key === '') return null;
  for (const rule of RULES) {
    if (rule.kinds.includes(kind) && rule.pattern.test(key)) return rule.role;
  }
  return null;
}

const PHONE_VALUE = /^(\+?(231|250)|0)?[1-9]\d{6,9}$/;

/** Whether most of a column's values are written like Liberian or Rwandan mobile numbers. */
export function looksLikePhones(values: readonly string[]): boolean {
  const filled = values.map((v) => v.replace(/[\s().-]/g, '')).filter((v) => v !== '');
  if (filled.length === 0) return false;
  const phones = filled.filter((v) => PHONE_VALUE.test(v) && v.replace('+', '').length >= 9);
  return phones.length / filled.length >= 0.8;
}

/** Whether amounts in these values are written with a decimal comma ("1.250,50", "12,5"). */
export function usesDecimalComma(values: readonly string[]): boolean {
  let comma = 0;
  let point = 0;
  for (const value of values) {
    const text = value.replace(/\s/g, '');
    if (/^-?[\d.]*\d,\d{1,2}$/.test(text)) comma += 1;
    else if (/^-?[\d,]*\d\.\d{1,2}$/.test(text)) point += 1;
  }
  return comma > point;
}
