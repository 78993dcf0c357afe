import { ApiError, validationError } from './http/errors';
import type { ResolvedOptions } from './options';
import type { Merchant } from './resources/merchants';
import type { Store } from './store/store';
import {
  type Issue,
  type Output,
  type Schema,
  issue,
  MISSING,
  validateFields,
} from './rules/validation';

/** What a handler of a `/v1` request sees. */
export interface RequestContext {
  readonly store: Store;
  readonly options: ResolvedOptions;
  /** The sandbox clock for this request, in epoch milliseconds. */
  readonly now: number;
  /** Where this sandbox listens, for the URLs it hands out. */
  readonly baseUrl: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface MerchantContext extends RequestContext {
  readonly merchant: Merchant;
}

export type PublicHandler = (ctx: RequestContext) => unknown;
export type MerchantHandler = (ctx: MerchantContext) => unknown;

/** A non-200 answer that still commits the request's transaction (unlike a thrown ApiError). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

type Refine<S extends Schema> = (value: Partial<Output<S>>) => Issue[];

function finish<S extends Schema>(
  result: { value: Partial<Output<S>>; issues: Issue[] },
  refine?: Refine<S>,
): Output<S> {
  const issues = [...result.issues, ...(refine ? refine(result.value) : [])];
  if (issues.length > 0) throw validationError(issues);
  return result.value as Output<S>;
}

/** Validates the JSON body against `schema`; all problems are reported in one 422. */
export function parseBody<S extends Schema>(
  ctx: RequestContext,
  schema: S,
  refine?: Refine<S>,
): Output<S> {
  if (ctx.body === undefined) throw validationError([{ loc: ['body'], ...MISSING }]);
  if (typeof ctx.body !== 'object' || ctx.body === null || Array.isArray(ctx.body)) {
    throw validationError([issue(['body'], 'value is not a valid dict', 'type_error.dict')]);
  }
  const rc = { strict: ctx.options.strictTypes, textual: false };
  return finish(validateFields(ctx.body as Record<string, unknown>, schema, ['body'], rc), refine);
}

export function parseQuery<S extends Schema>(
  ctx: RequestContext,
  schema: S,
  refine?: Refine<S>,
): Output<S> {
  const rc = { strict: ctx.options.strictTypes, textual: true };
  return finish(validateFields(ctx.query, schema, ['query'], rc), refine);
}

/** A positive integer path parameter. */
export function pathId(ctx: RequestContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  const id = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw validationError([
      issue(['path', name], 'value is not a valid integer', 'type_error.integer'),
    ]);
  }
  return id;
}

/** Refuses body fields the docs say must not be sent. */
export function refuseFields(ctx: RequestContext, fields: readonly string[]): void {
  if (typeof ctx.body !== 'object' || ctx.body === null) return;
  const present = fields.filter((field) => field in (ctx.body as Record<string, unknown>));
  if (present.length > 0) {
    throw validationError(
      present.map((field) =>
        issue(['body', field], 'extra fields not permitted', 'value_error.extra'),
      ),
    );
  }
}

export function ensure(condition: boolean, error: () => ApiError): void {
  if (!condition) throw error();
}
