import { AppError } from './app-error';

/** Every list answers at most this many items unless asked for fewer or more. */
export const DEFAULT_PAGE_SIZE = 100;
/** The most items one page may hold, whatever is asked. */
export const MAX_PAGE_SIZE = 1000;

/**
 * Which page of a list: at most `limit` items, starting after the item whose id is `after`
 * (a cursor: lists keep their order, so pages never skip or repeat an item added meanwhile),
 * or after the `offset` first items.
 */
export interface PageRequest {
  readonly limit: number;
  readonly after?: number;
  readonly offset?: number;
}

/** How to ask for the next page: the cursor or the offset to send. */
export type NextPage = { readonly after: number } | { readonly offset: number };

export interface Page<T> {
  readonly items: T[];
  /** Null on the last page. */
  readonly next: NextPage | null;
}

/** A page request from optional user input, with the defaults applied and the limits checked. */
export function pageRequest(input: {
  limit?: number;
  after?: number;
  offset?: number;
}): PageRequest {
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new AppError(
      'BAD_PAGE',
      `limit must be a whole number from 1 to ${MAX_PAGE_SIZE} (got ${String(limit)}).`,
      400,
    );
  }
  if (input.after !== undefined && input.offset !== undefined) {
    throw new AppError(
      'BAD_PAGE',
      'Give either after (the cursor of the next page) or offset, not both.',
      400,
    );
  }
  for (const [name, value, least] of [
    ['after', input.after, 1],
    ['offset', input.offset, 0],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < least)) {
      throw new AppError(
        'BAD_PAGE',
        `${name} must be a whole number of at least ${least} (got ${String(value)}).`,
        400,
      );
    }
  }
  return {
    limit,
    after: input.after,
    offset: input.after === undefined ? input.offset : undefined,
  };
}

/**
 * The page from the rows a query fetched with `limit + 1` (the extra row only says a next page
 * exists). The next page continues after the last item's id, or after this page's offset.
 */
export function pageOf<T>(rows: T[], request: PageRequest, idOf: (item: T) => number): Page<T> {
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  if (rows.length <= request.limit || last === undefined) return { items, next: null };
  return {
    items,
    next:
      request.offset !== undefined
        ? { offset: request.offset + request.limit }
        : { after: idOf(last) },
  };
}

/** A page of an in-memory list (a short one: profiles), by offset. */
export function pageOfList<T>(all: readonly T[], request: PageRequest): Page<T> {
  const start = request.offset ?? 0;
  const items = all.slice(start, start + request.limit);
  return {
    items,
    next: start + request.limit < all.length ? { offset: start + request.limit } : null,
  };
}
