import { isLosslessNumber } from 'lossless-json';
import { phoneProblem } from './phones';
import {
  CURRENCIES,
  type Currency,
  formatMinorUnits,
  isCurrency,
  minorUnitsOf,
  parseDecimal,
  toMinorUnits,
} from './money';

/**
 * Request validation in the shape of FastAPI/Pydantic v1 errors (dollr-api.md §6.1): every bad
 * field yields one `{loc, msg, type}` issue, and all issues of a request are reported together.
 */

export type Loc = readonly (string | number)[];

export interface Issue {
  readonly loc: Loc;
  readonly msg: string;
  readonly type: string;
}

export interface RuleContext {
  /** Strict-types mode (dollr-api.md §1.4): ids must have the JSON type the docs show. */
  readonly strict: boolean;
  /** Query and path values are always text, so numbers arrive as digit strings there. */
  readonly textual: boolean;
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: Issue[] };

export interface Rule<T> {
  readonly optional: boolean;
  parse(value: unknown, loc: Loc, ctx: RuleContext): Parsed<T>;
}

export type Schema = Record<string, Rule<unknown>>;
export type Output<S extends Schema> = {
  [K in keyof S]: S[K] extends Rule<infer T> ? T : never;
};

export const MISSING: Omit<Issue, 'loc'> = { msg: 'field required', type: 'value_error.missing' };

export function issue(loc: Loc, msg: string, type = 'value_error'): Issue {
  return { loc, msg, type };
}

function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function bad<T>(loc: Loc, msg: string, type: string): Parsed<T> {
  return { ok: false, issues: [issue(loc, msg, type)] };
}

function rule<T>(parse: Rule<T>['parse']): Rule<T> {
  return { optional: false, parse };
}

/** Absent or null: the field may be left out. */
export function optional<T>(inner: Rule<T>): Rule<T | undefined> {
  return { optional: true, parse: (value, loc, ctx) => inner.parse(value, loc, ctx) };
}

function numberText(value: unknown): string | undefined {
  if (isLosslessNumber(value)) return value.value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function text(options: { minLength?: number; maxLength?: number } = {}): Rule<string> {
  const { minLength = 1, maxLength = 255 } = options;
  return rule((value, loc) => {
    if (typeof value !== 'string') return bad(loc, 'str type expected', 'type_error.str');
    if (value.trim().length < minLength) {
      return bad(
        loc,
        `ensure this value has at least ${minLength} characters`,
        'value_error.any_str.min_length',
      );
    }
    if (value.length > maxLength) {
      return bad(
        loc,
        `ensure this value has at most ${maxLength} characters`,
        'value_error.any_str.max_length',
      );
    }
    return ok(value);
  });
}

export function phone(): Rule<string> {
  return rule((value, loc) => {
    if (typeof value !== 'string') return bad(loc, 'str type expected', 'type_error.str');
    const problem = phoneProblem(value);
    return problem ? bad(loc, problem, 'value_error.phone') : ok(value);
  });
}

export function currency(): Rule<Currency> {
  return rule((value, loc) => {
    if (typeof value !== 'string') return bad(loc, 'str type expected', 'type_error.str');
    if (!/^[A-Z]{3}$/.test(value)) return bad(loc, 'invalid currency', 'value_error.currency');
    if (!isCurrency(value)) {
      return bad(
        loc,
        `unsupported currency; permitted: ${CURRENCIES.join(', ')}`,
        'value_error.currency',
      );
    }
    return ok(value);
  });
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuidV4(value: string): boolean {
  return UUID_V4.test(value);
}

export function uuidV4(): Rule<string> {
  return rule((value, loc) => {
    if (typeof value !== 'string') return bad(loc, 'str type expected', 'type_error.str');
    return isUuidV4(value) ? ok(value.toLowerCase()) : bad(loc, 'invalid uuid', 'type_error.uuid');
  });
}

export function oneOf<const T extends string>(values: readonly T[]): Rule<T> {
  return rule((value, loc) => {
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) {
      return ok(value as T);
    }
    const permitted = values.map((v) => `'${v}'`).join(', ');
    return bad(
      loc,
      `value is not a valid enumeration member; permitted: ${permitted}`,
      'type_error.enum',
    );
  });
}

export function bool(): Rule<boolean> {
  return rule((value, loc, ctx) => {
    if (typeof value === 'boolean') return ok(value);
    if (ctx.textual && (value === 'true' || value === 'false')) return ok(value === 'true');
    return bad(loc, 'value could not be parsed to a boolean', 'type_error.bool');
  });
}

function positiveId(textValue: string | undefined): number | undefined {
  if (textValue === undefined || !/^\d+$/.test(textValue)) return undefined;
  const id = Number(textValue);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

const NOT_AN_INTEGER = ['value is not a valid integer', 'type_error.integer'] as const;

/** An id the docs show as a JSON integer. A digit string is accepted only when not strict. */
export function integerId(): Rule<number> {
  return rule((value, loc, ctx) => {
    const lenient = ctx.textual || !ctx.strict;
    const raw = numberText(value) ?? (lenient && typeof value === 'string' ? value : undefined);
    const id = positiveId(raw);
    return id === undefined ? bad(loc, ...NOT_AN_INTEGER) : ok(id);
  });
}

/** An id the docs show as a JSON string ("55"). A JSON integer is accepted only when not strict. */
export function stringId(): Rule<number> {
  return rule((value, loc, ctx) => {
    if (typeof value !== 'string' && (ctx.strict || numberText(value) === undefined)) {
      return bad(loc, 'str type expected', 'type_error.str');
    }
    const id = positiveId(typeof value === 'string' ? value : numberText(value));
    return id === undefined ? bad(loc, ...NOT_AN_INTEGER) : ok(id);
  });
}

/** An id whose type the docs contradict (payout execution's `payout_account_id`): either form. */
export function anyId(): Rule<number> {
  return rule((value, loc) => {
    const id = positiveId(typeof value === 'string' ? value : numberText(value));
    return id === undefined ? bad(loc, ...NOT_AN_INTEGER) : ok(id);
  });
}

export function integer(options: { min?: number } = {}): Rule<number> {
  const { min = 1 } = options;
  return rule((value, loc, ctx) => {
    const raw = numberText(value) ?? (ctx.textual && typeof value === 'string' ? value : undefined);
    if (raw === undefined || !/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
      return bad(loc, ...NOT_AN_INTEGER);
    }
    const n = Number(raw);
    return n < min
      ? bad(
          loc,
          `ensure this value is greater than or equal to ${min}`,
          'value_error.number.not_ge',
        )
      : ok(n);
  });
}

/**
 * A positive JSON number (a digit string only in query strings, or when not strict), kept as its
 * exact decimal text. The currency's minor units are checked by `amountIssue` once the currency is
 * known.
 */
export function amount(): Rule<string> {
  return rule((value, loc, ctx) => {
    const lenient = ctx.textual || !ctx.strict;
    const raw = numberText(value) ?? (lenient && typeof value === 'string' ? value : undefined);
    if (raw === undefined) return bad(loc, 'value is not a valid number', 'type_error.number');
    const decimal = parseDecimal(raw);
    if (!decimal) return bad(loc, 'value is not a valid number', 'type_error.number');
    if (decimal.digits <= 0n) {
      return bad(loc, 'ensure this value is greater than 0', 'value_error.number.not_gt');
    }
    return ok(raw);
  });
}

/** The minimum (one minor unit) and the number of decimals of an amount in a currency. */
export function amountIssue(loc: Loc, amountText: string, currencyCode: Currency): Issue[] {
  const result = toMinorUnits(amountText, currencyCode);
  if (result.ok) return [];
  if (result.reason === 'not_a_number') {
    return [issue(loc, 'value is not a valid number', 'type_error.number')];
  }
  const minimum = formatMinorUnits(1n, currencyCode);
  const decimal = parseDecimal(amountText);
  if (decimal && decimal.digits < 10n ** BigInt(decimal.scale - minorUnitsOf(currencyCode))) {
    return [
      issue(loc, `less than minimum (${minimum} ${currencyCode})`, 'value_error.number.not_ge'),
    ];
  }
  const places = minorUnitsOf(currencyCode);
  return [
    issue(
      loc,
      places === 0
        ? `${currencyCode} amounts are whole numbers`
        : `${currencyCode} amounts have at most ${places} decimal places`,
      'value_error.decimal.max_places',
    ),
  ];
}

/** An ISO 8601 timestamp with a zone (`Z` or an offset), as epoch milliseconds. */
export function dateTime(): Rule<number> {
  return rule((value, loc) => {
    if (typeof value !== 'string') return bad(loc, 'str type expected', 'type_error.str');
    const shape = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;
    const ms = Date.parse(value);
    if (!shape.test(value) || Number.isNaN(ms)) {
      return bad(loc, 'invalid datetime format', 'value_error.datetime');
    }
    return ok(ms);
  });
}

/** A nested object; `check` adds cross-field issues, given the fields that parsed. */
export function object<S extends Schema>(
  schema: S,
  check?: (value: Partial<Output<S>>, loc: Loc) => Issue[],
): Rule<Output<S>> {
  return rule((value, loc, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return bad(loc, 'value is not a valid dict', 'type_error.dict');
    }
    const result = validateFields(value as Record<string, unknown>, schema, loc, ctx);
    if (check) result.issues.push(...check(result.value, loc));
    return result.issues.length > 0
      ? { ok: false, issues: result.issues }
      : ok(result.value as Output<S>);
  });
}

export function list<T>(item: Rule<T>, options: { minItems?: number } = {}): Rule<T[]> {
  const { minItems = 0 } = options;
  return rule((value, loc, ctx) => {
    if (!Array.isArray(value)) return bad(loc, 'value is not a valid list', 'type_error.list');
    if (value.length < minItems) {
      return bad(
        loc,
        `ensure this value has at least ${minItems} items`,
        'value_error.list.min_items',
      );
    }
    const issues: Issue[] = [];
    const out: T[] = [];
    value.forEach((element, index) => {
      const parsed = item.parse(element, [...loc, index], ctx);
      if (parsed.ok) out.push(parsed.value);
      else issues.push(...parsed.issues);
    });
    return issues.length > 0 ? { ok: false, issues } : ok(out);
  });
}

export interface FieldsResult<S extends Schema> {
  /** The fields that parsed; complete exactly when `issues` is empty. */
  readonly value: Partial<Output<S>>;
  readonly issues: Issue[];
}

export function validateFields<S extends Schema>(
  input: Record<string, unknown>,
  schema: S,
  loc: Loc,
  ctx: RuleContext,
): FieldsResult<S> {
  const value: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const [field, fieldRule] of Object.entries(schema)) {
    const raw = input[field];
    const fieldLoc = [...loc, field];
    if (raw === undefined || raw === null || (ctx.textual && raw === '')) {
      if (!fieldRule.optional) issues.push({ loc: fieldLoc, ...MISSING });
      continue;
    }
    const parsed = fieldRule.parse(raw, fieldLoc, ctx);
    if (parsed.ok) value[field] = parsed.value;
    else issues.push(...parsed.issues);
  }
  return { value: value as Partial<Output<S>>, issues };
}
