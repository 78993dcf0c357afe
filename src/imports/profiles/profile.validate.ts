import { FEE_BEARERS, RELATIONSHIP_TYPES, type RelationshipType } from '../../dollr/types/enums';
import { isCurrencyCode, isMarketCode } from '../../money/currency';
import {
  IMPORT_KINDS,
  type ImportField,
  type ImportKind,
  PAYABLE_FIELDS,
  RECEIVABLE_FIELDS,
} from '../import.types';
import { ImportError } from '../import.errors';
import { headerKey } from './header-key';
import { normalisePeriod } from '../normalise/period';
import {
  type ComposedFields,
  DATE_FORMATS,
  type DateFormat,
  type ImportProfile,
  NET_AMOUNT_RULES,
  type NetAmountColumns,
} from './profile.types';

const TOP_LEVEL_KEYS = [
  '$schema',
  'name',
  'description',
  'type',
  'relationship',
  'columns',
  'defaults',
  'decimalSeparator',
  'dateFormat',
  'totalsLabels',
  'period',
  'sheet',
  'headerRow',
];
const DEFAULT_KEYS = ['country', 'currency', 'fee_bearer'];
const DEFAULT_TOTALS_LABELS = ['Total', 'Totals', 'Grand Total', 'Sum', 'Sub Total'];

export function fieldsOf(kind: ImportKind): readonly ImportField[] {
  return kind === 'payables' ? PAYABLE_FIELDS : RECEIVABLE_FIELDS;
}

/** Fields whose column must be in the file; `anyOf` groups need one of their fields. */
export function requiredColumns(kind: ImportKind): { all: ImportField[]; anyOf: ImportField[][] } {
  return kind === 'payables'
    ? // A payable names its period or reference, or takes the import's period (see period.ts).
      { all: ['full_name', 'phone', 'amount'], anyOf: [] }
    : { all: ['invoice_number', 'full_name', 'item', 'unit_price'], anyOf: [['phone', 'email']] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/**
 * Checks a parsed profile document and returns the profile, or throws PROFILE_INVALID listing
 * every problem with its path (`columns.phone[2]: ...`). See samples/profiles/profile.schema.json.
 */
export function validateProfile(document: unknown, source: string): ImportProfile {
  const problems: string[] = [];
  if (!isRecord(document)) {
    throw new ImportError('PROFILE_INVALID', `The profile ${source} is not a JSON object.`);
  }
  for (const key of Object.keys(document)) {
    if (!TOP_LEVEL_KEYS.includes(key)) problems.push(`${key}: unknown setting`);
  }
  const { name, description, type, relationship, columns, defaults } = document;
  if (typeof name !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(name)) {
    problems.push('name: must be lowercase letters, digits, "-" or "_" (at most 64)');
  }
  if (description !== undefined && typeof description !== 'string') {
    problems.push('description: must be text');
  }
  if (!oneOf(IMPORT_KINDS, type)) {
    problems.push(`type: must be one of ${IMPORT_KINDS.join(', ')}`);
  }
  if (!oneOf(RELATIONSHIP_TYPES, relationship)) {
    problems.push(`relationship: must be one of ${RELATIONSHIP_TYPES.join(', ')}`);
  }
  const decimalSeparator = document.decimalSeparator ?? '.';
  if (decimalSeparator !== '.' && decimalSeparator !== ',') {
    problems.push('decimalSeparator: must be "." or ","');
  }
  const dateFormat = document.dateFormat ?? 'YYYY-MM-DD';
  if (!oneOf(DATE_FORMATS, dateFormat)) {
    problems.push(`dateFormat: must be one of ${DATE_FORMATS.join(', ')}`);
  }
  const totalsLabels = document.totalsLabels ?? DEFAULT_TOTALS_LABELS;
  if (!Array.isArray(totalsLabels) || !totalsLabels.every((l) => typeof l === 'string')) {
    problems.push('totalsLabels: must be a list of labels');
  }

  const period = document.period;
  if (
    period !== undefined &&
    (typeof period !== 'string' || period.trim() === '' || period.trim().length > 64)
  ) {
    problems.push('period: must be the pay period as text, such as "2026-11" (at most 64)');
  } else if (period !== undefined && type !== 'payables') {
    problems.push('period: is for payables only');
  }

  const { mapped, composed } = validateColumns(columns, type, problems);

  const sheet = document.sheet;
  if (
    sheet !== undefined &&
    (typeof sheet !== 'string' || sheet.trim() === '' || sheet.length > 100)
  ) {
    problems.push('sheet: must be the name or number of a worksheet (at most 100 characters)');
  }
  const headerRow = document.headerRow;
  if (
    headerRow !== undefined &&
    !(Number.isInteger(headerRow) && (headerRow as number) >= 1 && (headerRow as number) <= 1000)
  ) {
    problems.push('headerRow: must be the row number of the header, from 1 to 1000');
  }

  const outDefaults: {
    -readonly [K in keyof ImportProfile['defaults']]: ImportProfile['defaults'][K];
  } = {};
  if (defaults !== undefined) {
    if (!isRecord(defaults)) {
      problems.push('defaults: must be an object');
    } else {
      for (const key of Object.keys(defaults)) {
        if (!DEFAULT_KEYS.includes(key)) problems.push(`defaults.${key}: unknown setting`);
      }
      const { country, currency, fee_bearer } = defaults;
      if (country !== undefined) {
        if (typeof country === 'string' && isMarketCode(country)) outDefaults.country = country;
        else problems.push('defaults.country: must be LR or RW');
      }
      if (currency !== undefined) {
        if (typeof currency === 'string' && isCurrencyCode(currency)) {
          outDefaults.currency = currency;
        } else problems.push('defaults.currency: must be USD, LRD or RWF');
      }
      if (fee_bearer !== undefined) {
        if (oneOf(FEE_BEARERS, fee_bearer)) outDefaults.fee_bearer = fee_bearer;
        else problems.push('defaults.fee_bearer: must be PAYER or PAYEE');
      }
    }
  }

  if (problems.length > 0) {
    throw new ImportError(
      'PROFILE_INVALID',
      `The profile ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      { problems },
    );
  }
  return {
    name: name as string,
    description: (description as string | undefined) ?? '',
    type: type as ImportKind,
    relationship: relationship as RelationshipType,
    columns: mapped,
    defaults: outDefaults,
    decimalSeparator: decimalSeparator as '.' | ',',
    dateFormat: dateFormat as DateFormat,
    totalsLabels: totalsLabels as string[],
    ...(typeof period === 'string' ? { period: normalisePeriod(period) } : {}),
    composed,
    ...(typeof sheet === 'string' ? { sheet: sheet.trim() } : {}),
    ...(typeof headerRow === 'number' ? { headerRow } : {}),
  };
}

function isHeaderList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((a) => typeof a === 'string' && headerKey(a) !== '')
  );
}

/**
 * `columns`: each field named by a list of headers, or (full_name, a payable's amount) composed
 * of several columns. A header name may mean one thing only.
 */
function validateColumns(
  columns: unknown,
  type: unknown,
  problems: string[],
): { mapped: Partial<Record<ImportField, string[]>>; composed: ComposedFields } {
  const mapped: Partial<Record<ImportField, string[]>> = {};
  const composed: { -readonly [K in keyof ComposedFields]: ComposedFields[K] } = {};
  if (!isRecord(columns)) {
    problems.push('columns: must be an object mapping each field to a list of header names');
    return { mapped, composed };
  }
  if (!oneOf(IMPORT_KINDS, type)) return { mapped, composed };
  const fields = fieldsOf(type);
  const owner = new Map<string, string>();
  const claim = (path: string, aliases: readonly string[]): void => {
    for (const alias of aliases) {
      const key = headerKey(alias);
      const other = owner.get(key);
      if (other !== undefined && other !== path) {
        problems.push(`columns.${path}: "${alias}" is also a header of ${other}`);
      }
      owner.set(key, path);
    }
  };
  for (const [field, value] of Object.entries(columns)) {
    if (!(fields as readonly string[]).includes(field)) {
      problems.push(`columns.${field}: not a field of ${type} (fields: ${fields.join(', ')})`);
      continue;
    }
    if (isRecord(value) && field === 'full_name') {
      const join = validateJoin(value, problems);
      if (join !== null) {
        join.forEach((aliases, i) => claim(`full_name.join[${i}]`, aliases));
        composed.full_name = { join };
      }
      continue;
    }
    if (isRecord(value) && field === 'amount' && type === 'payables') {
      const net = validateNetAmount(value, problems);
      if (net !== null) {
        claim('amount.debit', net.debit);
        claim('amount.credit', net.credit);
        composed.amount = net;
      }
      continue;
    }
    if (!isHeaderList(value)) {
      problems.push(
        `columns.${field}: must be a non-empty list of header names${composable(field, type)}`,
      );
      continue;
    }
    claim(field, value);
    mapped[field as ImportField] = value;
  }
  const present = (field: ImportField): boolean => mapped[field] !== undefined || field in composed;
  const required = requiredColumns(type);
  for (const field of required.all) {
    if (!present(field)) problems.push(`columns.${field}: is required for ${type}`);
  }
  for (const group of required.anyOf) {
    if (!group.some(present)) problems.push(`columns: needs at least one of ${group.join(', ')}`);
  }
  return { mapped, composed };
}

function composable(field: string, type: string): string {
  if (field === 'full_name') return ', or {"join": [[first name headers], [last name headers]]}';
  if (field === 'amount' && type === 'payables') {
    return ', or {"debit": [headers], "credit": [headers], "amountIs": "debit-minus-credit"}';
  }
  return '';
}

function validateJoin(value: Record<string, unknown>, problems: string[]): string[][] | null {
  const extra = Object.keys(value).filter((key) => key !== 'join');
  const { join } = value;
  if (
    extra.length > 0 ||
    !Array.isArray(join) ||
    join.length < 2 ||
    join.length > 4 ||
    !join.every(isHeaderList)
  ) {
    problems.push(
      'columns.full_name: a joined name is {"join": [...]} with 2 to 4 lists of header names, in the order the parts are written (e.g. [["First Name"], ["Last Name"]])',
    );
    return null;
  }
  return join;
}

function validateNetAmount(
  value: Record<string, unknown>,
  problems: string[],
): NetAmountColumns | null {
  const extra = Object.keys(value).filter((key) => !['debit', 'credit', 'amountIs'].includes(key));
  const { debit, credit, amountIs } = value;
  if (extra.length > 0 || !isHeaderList(debit) || !isHeaderList(credit)) {
    problems.push(
      'columns.amount: an amount from two columns is {"debit": [header names], "credit": [header names], "amountIs": "debit-minus-credit" or "credit-minus-debit"}',
    );
    return null;
  }
  if (!oneOf(NET_AMOUNT_RULES, amountIs)) {
    problems.push(
      `columns.amount.amountIs: must be ${NET_AMOUNT_RULES.join(' or ')}: which side is the amount to pay`,
    );
    return null;
  }
  return { debit, credit, amountIs };
}
