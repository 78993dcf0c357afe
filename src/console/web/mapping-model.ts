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
    // A lone debit or credit column is not taken as the amount: draftProblems says why.
    if (debit.length > 0 && credit.length > 0) {
      columns.amount = { debit, credit, amountIs: draft.amountIs };
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
  };
}

function columnName(headers: readonly string[], index: number): string {
  return headers[index]?.trim() ? `"${headers[index]}"` : `column ${index + 1}`;
}

/**
 * What stops the choices from making a profile that reads the file as shown, before the server
 * is asked: a debit or credit column without the other side, and two columns with one name used
 * differently (a profile names a column by its header, so it would read the first of them).
 */
export function draftProblems(draft: MappingDraft): string[] {
  const problems: string[] = [];
  const at = (use: ColumnUse): number[] => draft.uses.flatMap((u, i) => (u === use ? [i] : []));
  const debit = at('debit');
  const credit = at('credit');
  if (draft.type === 'payables' && !draft.uses.includes('amount')) {
    const [lone, side, other] =
      debit.length > 0 && credit.length === 0
        ? [debit, 'debit', 'credit']
        : credit.length > 0 && debit.length === 0
          ? [credit, 'credit', 'debit']
          : [[], '', ''];
    if (lone.length > 0) {
      problems.push(
        `${lone.map((i) => columnName(draft.headers, i)).join(', ')} is the only ${side} column: choose the ${other} column too, or choose "Amount" if it holds what to pay.`,
      );
    }
  }
  const byName = new Map<string, number[]>();
  draft.headers.forEach((header, i) => {
    const key = header.trim();
    if (key !== '') byName.set(key, [...(byName.get(key) ?? []), i]);
  });
  for (const [header, columns] of byName) {
    const uses = new Set(columns.map((i) => draft.uses[i]));
    if (columns.length > 1 && uses.size > 1) {
      problems.push(
        `Columns ${columns.map((i) => i + 1).join(' and ')} are both named "${header}" but used differently: a profile finds a column by its name, so it cannot tell them apart. Use them the same way, or rename one in the file.`,
      );
    }
  }
  return problems;
}
