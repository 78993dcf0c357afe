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
  DATE_FORMATS,
  type DateFormat,
  FEE_BEARERS,
  type ImportProfile,
  RELATIONSHIP_TYPES,
  type RelationshipType,
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

  const mapped: Partial<Record<ImportField, string[]>> = {};
  if (!isRecord(columns)) {
    problems.push('columns: must be an object mapping each field to a list of header names');
  } else if (oneOf(IMPORT_KINDS, type)) {
    const fields = fieldsOf(type);
    const owner = new Map<string, string>();
    for (const [field, aliases] of Object.entries(columns)) {
      if (!(fields as readonly string[]).includes(field)) {
        problems.push(`columns.${field}: not a field of ${type} (fields: ${fields.join(', ')})`);
        continue;
      }
      if (
        !Array.isArray(aliases) ||
        aliases.length === 0 ||
        !aliases.every((a) => typeof a === 'string' && headerKey(a) !== '')
      ) {
        problems.push(`columns.${field}: must be a non-empty list of header names`);
        continue;
      }
      for (const alias of aliases as string[]) {
        const key = headerKey(alias);
        const other = owner.get(key);
        if (other !== undefined && other !== field) {
          problems.push(`columns.${field}: "${alias}" is also a header of ${other}`);
        }
        owner.set(key, field);
      }
      mapped[field as ImportField] = aliases as string[];
    }
    const required = requiredColumns(type);
    for (const field of required.all) {
      if (mapped[field] === undefined) problems.push(`columns.${field}: is required for ${type}`);
    }
    for (const group of required.anyOf) {
      if (group.every((field) => mapped[field] === undefined)) {
        problems.push(`columns: needs at least one of ${group.join(', ')}`);
      }
    }
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
  };
}
