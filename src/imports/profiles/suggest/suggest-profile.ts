import { ImportError } from '../../import.errors';
import { HEADER_SCAN_ROWS } from '../../import-limits';
import { IMPORT_KINDS, type ImportField, type ImportKind } from '../../import.types';
import { type Cell, cellText, isBlankRow, type SheetRow } from '../../normalise/cell';
import { describePeriodSource, inferPeriod } from '../../normalise/period';
import { headerKeys } from '../header-key';
import { builtInProfile } from '../profile.loader';
import { fieldsOf, requiredColumns, validateProfile } from '../profile.validate';
import {
  type ColumnRole,
  guessFromHeader,
  looksLikePhones,
  usesDecimalComma,
} from './column-guess';

/** What the suggestion made of one column of the file. */
export interface SuggestedColumn {
  /** 0-based, as in the header. */
  readonly column: number;
  readonly header: string;
  /** `phone`, `full_name (first part)`, `amount (credit)`; null when it is not imported. */
  readonly use: string | null;
  /** How it was recognised: a built-in profile's name, words of the header, or its values. */
  readonly how: 'known-name' | 'header-words' | 'values' | null;
}

export interface SampleRow {
  readonly row: number;
  readonly cells: Cell[];
}

export interface ProfileSuggestion {
  readonly type: ImportKind;
  readonly sheet: string | null;
  readonly headerRow: number;
  readonly headers: string[];
  readonly columns: SuggestedColumn[];
  /** Required fields no column was found for. */
  readonly missing: string[];
  /** Guesses to confirm before importing. */
  readonly checks: string[];
  /** The profile document, ready to edit, save (POST /profiles) or use (--profile FILE). */
  readonly profile: Record<string, unknown>;
  /** Whether the profile is valid as it is (nothing missing). */
  readonly complete: boolean;
  /** The first rows under the header, as read, with the row numbers people see. */
  readonly sampleRows: SampleRow[];
}

export interface SuggestInput {
  /** The first rows of the sheet, in file order. */
  readonly rows: readonly SheetRow[];
  readonly fileName: string;
  /** The worksheet read (null for CSV), and whether the user chose it. */
  readonly sheet: string | null;
  readonly sheetChosen: boolean;
  readonly kind?: ImportKind;
  /** The header's row number when the user knows it. */
  readonly headerRow?: number;
  /** `YYYY-MM` of today: the period of last resort. */
  readonly importMonth: string;
  /** How the caller's user gives the header row (`--header-row N`), named when none is found. */
  readonly headerRowOption: string;
}

/** Rows shown under the header. */
export const SAMPLE_ROWS = 10;
const BUILT_IN: Record<ImportKind, readonly string[]> = {
  payables: ['payroll', 'suppliers'],
  receivables: ['invoices'],
};

/** Header key → field, from the built-in profiles of a kind. */
function knownNames(kind: ImportKind): Map<string, ImportField> {
  const names = new Map<string, ImportField>();
  for (const profileName of BUILT_IN[kind]) {
    const profile = builtInProfile(profileName);
    if (profile === undefined) continue;
    for (const [field, aliases] of Object.entries(profile.columns)) {
      for (const alias of aliases ?? []) {
        for (const key of headerKeys(alias)) names.set(key, field as ImportField);
      }
    }
  }
  return names;
}

function roleOf(
  header: string,
  kind: ImportKind,
  known: Map<string, ImportField>,
): { role: ColumnRole; how: 'known-name' | 'header-words' } | null {
  for (const key of headerKeys(header)) {
    const field = known.get(key);
    if (field !== undefined) return { role: { kind: 'field', field }, how: 'known-name' };
  }
  const guessed = guessFromHeader(header, kind);
  return guessed === null ? null : { role: guessed, how: 'header-words' };
}

/** How strongly a row reads as this kind's header: known names count twice. */
function headerScore(cells: readonly string[], kind: ImportKind, known: Map<string, ImportField>) {
  let score = 0;
  for (const cell of cells) {
    const found = roleOf(cell, kind, known);
    if (found !== null) score += found.how === 'known-name' ? 2 : 1;
  }
  return score;
}

function findHeader(
  rows: readonly SheetRow[],
  kinds: readonly ImportKind[],
  fixedRow: number | undefined,
  headerRowOption: string,
): { row: SheetRow; kind: ImportKind } {
  let best: { row: SheetRow; kind: ImportKind; score: number } | null = null;
  for (const kind of kinds) {
    const known = knownNames(kind);
    for (const row of fixedRow === undefined ? rows.slice(0, HEADER_SCAN_ROWS) : rows) {
      if (fixedRow !== undefined && row.rowNumber !== fixedRow) continue;
      const score = headerScore(row.cells.map(cellText), kind, known);
      if (best === null || score > best.score) best = { row, kind, score };
    }
  }
  if (best === null || (fixedRow === undefined && best.score < 3)) {
    throw new ImportError(
      'HEADER_NOT_FOUND',
      fixedRow !== undefined
        ? `Row ${fixedRow} is blank or past the rows read: give the row of the column names.`
        : `No row of the first ${HEADER_SCAN_ROWS} looks like column names. Give the header's row number (${headerRowOption}) or choose another sheet.`,
    );
  }
  return best;
}

function slug(fileName: string): string {
  const base = fileName
    .replace(/\.[a-z0-9]+$/i, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return base === '' ? 'my-profile' : base;
}

/**
 * A starting profile for a file the built-in profiles do not read: the header row, what each
 * column probably is (from the names the built-in profiles know, the words of the header, and
 * for phones the values), and what it could not find.
 */
export function suggestProfile(input: SuggestInput): ProfileSuggestion {
  const rows = input.rows.filter((row) => !isBlankRow(row.cells));
  const { row: headerRow, kind } = findHeader(
    rows,
    input.kind === undefined ? IMPORT_KINDS : [input.kind],
    input.headerRow,
    input.headerRowOption,
  );
  const headers = headerRow.cells.map((cell) => cellText(cell).trim());
  const sampleRows = rows
    .filter((row) => row.rowNumber > headerRow.rowNumber)
    .slice(0, SAMPLE_ROWS)
    .map((row) => ({ row: row.rowNumber, cells: [...row.cells] }));
  const valuesOf = (column: number): string[] =>
    sampleRows.map(({ cells }) => cellText(cells[column]).trim());

  const known = knownNames(kind);
  const fields = new Map<ImportField, number[]>();
  const parts = new Map<ColumnRole['kind'], number>();
  const how = new Map<number, SuggestedColumn['how']>();
  headers.forEach((header, column) => {
    const found = roleOf(header, kind, known);
    if (found === null) return;
    const { role } = found;
    if (role.kind === 'field') {
      if (!fieldsOf(kind).includes(role.field)) return;
      const columns = fields.get(role.field) ?? [];
      // Two columns for one field: only phones take the second when the first is blank.
      if (columns.length > 0 && role.field !== 'phone') return;
      fields.set(role.field, [...columns, column]);
    } else {
      if (parts.has(role.kind)) return;
      parts.set(role.kind, column);
    }
    how.set(column, found.how);
  });

  if (!fields.has('phone')) {
    const byValues = headers.findIndex(
      (_, column) => !how.has(column) && looksLikePhones(valuesOf(column)),
    );
    if (byValues >= 0) {
      fields.set('phone', [byValues]);
      how.set(byValues, 'values');
    }
  }

  const checks: string[] = [];
  const columns: Record<string, unknown> = {};
  const use = new Map<number, string>();
  for (const [field, at] of fields) {
    columns[field] = at.map((column) => headers[column]);
    at.forEach((column, i) =>
      use.set(column, i === 0 ? field : `${field} (if the first is blank)`),
    );
  }
  const mapping: Mapping = { parts, fields, headers, columns, use, checks, how };
  composeName(mapping);
  if (kind === 'payables') composeAmount(mapping);

  const amountColumns = [
    ...(fields.get('amount') ?? []),
    ...(fields.get('unit_price') ?? []),
    ...[parts.get('debit'), parts.get('credit')].filter((c): c is number => c !== undefined),
  ];
  const decimalComma = usesDecimalComma(amountColumns.flatMap(valuesOf));
  if (decimalComma) checks.push('Amounts are written with a decimal comma ("1.250,50").');

  const titleRows = rows
    .filter((row) => row.rowNumber < headerRow.rowNumber)
    .map((row) => row.cells.map(cellText).join(' '));
  if (kind === 'payables' && !fields.has('period') && !fields.has('reference')) {
    const period = inferPeriod({
      titleRows,
      sheetName: input.sheet,
      fileName: input.fileName,
      importMonth: input.importMonth,
    });
    checks.push(
      `No period or reference column: the import will pay ${period.value}, from ${describePeriodSource(period.source)}, unless the profile or the import gives a period.`,
    );
  }

  const relationship =
    kind === 'receivables'
      ? 'CUSTOMER'
      : /payroll|salar|employee|staff|wage|paie|salaire|personnel/i.test(
            [input.fileName, input.sheet ?? '', ...headers, ...titleRows].join(' '),
          )
        ? 'EMPLOYEE'
        : 'SUPPLIER';
  const profile: Record<string, unknown> = {
    name: slug(input.fileName),
    description: `Suggested from ${input.fileName}${input.sheet === null ? '' : `, sheet "${input.sheet}"`}: check it before use.`,
    type: kind,
    relationship,
    columns,
    ...(decimalComma ? { decimalSeparator: ',' } : {}),
    ...(input.sheetChosen && input.sheet !== null ? { sheet: input.sheet } : {}),
    ...(input.headerRow !== undefined ? { headerRow: input.headerRow } : {}),
  };

  const required = requiredColumns(kind);
  const missing = [
    ...required.all.filter((field) => columns[field] === undefined),
    ...required.anyOf
      .filter((group) => group.every((field) => columns[field] === undefined))
      .map((group) => group.join(' or ')),
  ];
  let complete = missing.length === 0;
  if (complete) {
    try {
      validateProfile(profile, 'suggested');
    } catch {
      complete = false;
    }
  }
  return {
    type: kind,
    sheet: input.sheet,
    headerRow: headerRow.rowNumber,
    headers,
    columns: headers.map((header, column) => ({
      column,
      header,
      use: use.get(column) ?? null,
      how: use.has(column) ? (how.get(column) ?? null) : null,
    })),
    missing,
    checks,
    profile,
    complete,
    sampleRows,
  };
}

/** The suggestion being made: what each column is used for so far. */
interface Mapping {
  readonly parts: Map<ColumnRole['kind'], number>;
  readonly fields: Map<ImportField, number[]>;
  readonly headers: readonly string[];
  /** The profile's `columns`. */
  readonly columns: Record<string, unknown>;
  readonly use: Map<number, string>;
  readonly checks: string[];
  readonly how: Map<number, SuggestedColumn['how']>;
}

/** `full_name` from first and last name columns when no column holds the whole name. */
function composeName({ parts, fields, headers, columns, use, checks, how }: Mapping): void {
  const first = parts.get('first_name');
  const last = parts.get('last_name');
  if (fields.has('full_name') || (first === undefined && last === undefined)) return;
  if (first !== undefined && last !== undefined) {
    columns.full_name = { join: [[headers[first]], [headers[last]]] };
    use.set(first, 'full_name (first part)');
    use.set(last, 'full_name (second part)');
    return;
  }
  const only = (first ?? last) as number;
  columns.full_name = [headers[only]];
  use.set(only, 'full_name');
  how.set(only, 'header-words');
  checks.push(
    `The name is "${headers[only]}" alone: no column for the rest of the name was found.`,
  );
}

/** A payable's `amount` from debit and credit columns when no column holds it. */
function composeAmount({ parts, fields, headers, columns, use, checks, how }: Mapping): void {
  const debit = parts.get('debit');
  const credit = parts.get('credit');
  if (fields.has('amount')) return;
  if (debit !== undefined && credit !== undefined) {
    columns.amount = {
      debit: [headers[debit]],
      credit: [headers[credit]],
      amountIs: 'credit-minus-debit',
    };
    use.set(debit, 'amount (debit)');
    use.set(credit, 'amount (credit)');
    checks.push(
      `The amount to pay is "${headers[credit]}" minus "${headers[debit]}" (bills are credits in a payables ledger). If your file records what to pay as debits, set amountIs to debit-minus-credit.`,
    );
    return;
  }
  const only = debit ?? credit;
  if (only === undefined) return;
  columns.amount = [headers[only]];
  use.set(only, 'amount');
  how.set(only, 'header-words');
  checks.push(
    `"${headers[only]}" is the only ${only === debit ? 'debit' : 'credit'} column, so it is read as the amount to pay: check that it holds what to pay, not what was paid.`,
  );
}
