import { Option } from 'nest-commander';
import { AppError } from '../common/app-error';
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  type NextPage,
  type PageRequest,
  pageRequest,
} from '../common/paging';
import { JsonCommand, type JsonOption } from './json-command';

export interface PageOptions extends JsonOption {
  limit?: string;
  after?: string;
}

/** The page a list command was asked for (`--limit`, `--after`), whole numbers in digits only. */
export function pageOfOptions(options: PageOptions): PageRequest {
  const { limit, after } = options;
  if (limit !== undefined && !/^\d{1,4}$/.test(limit)) {
    throw new AppError(
      'BAD_ARGUMENT',
      `--limit must be a whole number from 1 to ${MAX_PAGE_SIZE} (got "${limit}").`,
    );
  }
  if (after !== undefined && !/^\d{1,15}$/.test(after)) {
    throw new AppError(
      'BAD_ARGUMENT',
      `--after takes an item id, a whole number (got "${after}").`,
    );
  }
  try {
    return pageRequest({
      limit: limit === undefined ? undefined : Number(limit),
      after: after === undefined ? undefined : Number(after),
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'BAD_PAGE') {
      throw new AppError('BAD_ARGUMENT', `--${error.message}`);
    }
    throw error;
  }
}

/** The line that says how to see the next page, or nothing on the last page. */
export function nextPageLines(
  command: string,
  request: PageRequest,
  next: NextPage | null,
): string[] {
  if (next === null || !('after' in next)) return [];
  const limit = request.limit === DEFAULT_PAGE_SIZE ? '' : ` --limit ${request.limit}`;
  return [`More: npm run cli -- ${command} --after ${next.after}${limit}`];
}

/** A list command: one page at a time, `--limit` items (default 100) `--after` a cursor. */
export abstract class PagedCommand<
  Options extends PageOptions = PageOptions,
> extends JsonCommand<Options> {
  @Option({
    flags: '--limit <n>',
    description: `most items shown (1-${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE})`,
  })
  parseLimit(value: string): string {
    return value;
  }

  @Option({
    flags: '--after <id>',
    description: 'the page after this item (the "More:" line of a page gives it)',
  })
  parseAfter(value: string): string {
    return value;
  }
}
