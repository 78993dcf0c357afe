/**
 * The console's mapping step as data: what each column of a file is used for, and the profile
 * document those choices make. The server checks the document (POST /profiles/preview).
 */

export type Kind = 'payables' | 'receivables';

/** A field, or a part of one made of several columns (`first_name`, `last_name`, `debit`, `credit`); '' is not imported. */
export type ColumnUse = string;

export type AmountRule = 'credit-minus-debit' | 'debit-minus-credit';

export interface MappingDraft {
  readonly name: string;
  readonly type: Kind;
  readonly relationship: string;
  readonly description: string;
  readonly headers: readonly string[];
  /** One per header. */
  readonly uses: readonly ColumnUse[];
  readonly amountIs: AmountRule;
  readonly decimalSeparator: '.' | ',';
  readonly sheet?: string;
  readonly headerRow?: number;
}

const FIELD_LABELS: Record<Kind, readonly (readonly [string, string])[]> = {
  payables: [
    ['full_name', 'Name'],
    ['phone', 'Phone'],
    ['amount', 'Amount'],
    ['currency', 'Currency'],
    ['country_code', 'Country'],
    ['period', 'Pay period'],
    ['reference', 'Reference (bill, payslip)'],
    ['external_ref', 'ID in your system'],
    ['email', 'Email'],
    ['method', 'Operator'],
    ['note', 'Note'],
  ],
  receivables: [
    ['invoice_number', 'Invoice number'],
    ['full_name', 'Customer name'],
    ['phone', 'Phone'],
    ['email', 'Email'],
    ['item', 'Item'],
    ['qty', 'Quantity'],
    ['unit_price', 'Unit price'],
    ['currency', 'Currency'],
    ['due_date', 'Due date'],
    ['country_code', 'Country'],
    ['external_ref', 'Customer ID in your system'],
    ['fee_bearer', 'Who pays the fees'],
    ['note', 'Note'],
  ],
};

const PART_LABELS: Record<Kind, readonly (readonly [ColumnUse, string])[]> = {
  payables: [
    ['first_name', 'Name: first part (first name)'],
    ['last_name', 'Name: second part (last name)'],
    ['debit', 'Amount: debit column'],
    ['credit', 'Amount: credit column'],
  ],
  receivables: [
    ['first_name', 'Name: first part (first name)'],
    ['last_name', 'Name: second part (last name)'],
  ],
};

/** The choices for a column, as [value, label]; '' is "not imported". */
export function useOptions(kind: Kind): (readonly [ColumnUse, string])[] {
  return [['', 'Not imported'], ...FIELD_LABELS[kind], ...PART_LABELS[kind]];
}

function isList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** What each header is used for in a profile document (as `POST /profiles/suggest` made it). */
export function usesFromProfile(document: unknown, headers: readonly string[]): ColumnUse[] {
  const uses: ColumnUse[] = headers.map(() => '');
  const columns = (document as { columns?: Record<string, unknown> } | null)?.columns ?? {};
  const mark = (names: readonly string[], use: ColumnUse): void => {
    for (const name of names) {
      const at = headers.findIndex((header, i) => header === name && uses[i] === '');
      if (at >= 0) uses[at] = use;
    }
  };
  for (const [field, value] of Object.entries(columns)) {
    if (isList(value)) {
      mark(value, field);
    } else if (typeof value === 'object' && value !== null) {
      const v = value as { join?: unknown; debit?: unknown; credit?: unknown };
      if (Array.isArray(v.join)) {
        const [first, last] = v.join as unknown[];
        if (isList(first)) mark(first, 'first_name');
        if (isList(last)) mark(last, 'last_name');
      }
      if (isList(v.debit)) mark(v.debit, 'debit');
      if (isList(v.credit)) mark(v.credit, 'credit');
    }
  }
  return uses;
}

/** The rule of a profile document's debit/credit amount, when it has one. */
export function amountRuleOf(document: unknown): AmountRule {
  const amount = (document as { columns?: { amount?: { amountIs?: unknown } } } | null)?.columns
    ?.amount;
  return amount?.amountIs === 'debit-minus-credit' ? 'debit-minus-credit' : 'credit-minus-debit';
}

/** The profile document the choices make. Columns without a name cannot be named in it. */
export function profileFromDraft(draft: MappingDraft): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  const named = (use: ColumnUse): string[] =>
    draft.headers.filter((header, i) => draft.uses[i] === use && header.trim() !== '');
  for (const [field] of FIELD_LABELS[draft.type]) {
    const headers = named(field);
    if (headers.length > 0) columns[field] = headers;
  }
  const first = named('first_name');
  const last = named('last_name');
  if (columns.full_name === undefined && first.length > 0 && last.length > 0) {
    columns.full_name = { join: [first, last] };
  } else if (columns.full_name === undefined && first.length + last.length > 0) {
    columns.full_name = [...first, ...last];
  }
  const debit = named('debit');
  const credit = named('credit');
  if (draft.type === 'payables' && columns.amount === undefined) {
    if (debit.length > 0 && credit.length > 0) {
      columns.amount = { debit, credit, amountIs: draft.amountIs };
    } else if (debit.length + credit.length > 0) {
      columns.amount = [...debit, ...credit];
    }
  }
  return {
    name: draft.name,
    ...(draft.description.trim() === '' ? {} : { description: draft.description.trim() }),
    type: draft.type,
    relationship: draft.relationship,
    columns,
    ...(draft.decimalSeparator === ',' ? { decimalSeparator: ',' } : {}),
    ...(draft.sheet === undefined ? {} : { sheet: draft.sheet }),
    ...(draft.headerRow === undefined ? {} : { headerRow: draft.headerRow }),
  };
}
