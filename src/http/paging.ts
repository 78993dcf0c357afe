import { ApiPropertyOptional, type ApiResponseOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Request, Response } from 'express';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type NextPage } from '../common/paging';

/** `limit` and `offset`: the query of a list that pages by position (profiles). */
export class OffsetPageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    default: DEFAULT_PAGE_SIZE,
    description: 'Most items in the answer',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Items to skip' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

/** `limit`, `after` (a cursor) or `offset`: the query of every list ordered by id. */
export class PageQueryDto extends OffsetPageQueryDto {
  @ApiPropertyOptional({
    minimum: 1,
    description:
      "Cursor: the items that follow the one with this id in the list's order. The Link header of a page gives the next page's URL.",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  after?: number;
}

/** What `/docs` says of every paged answer. */
export const PAGED_HEADERS: ApiResponseOptions['headers'] = {
  Link: {
    description:
      'Present when more items follow: `<URL of the next page>; rel="next"` (RFC 8288). The last page has none.',
    schema: { type: 'string' },
  },
};

/**
 * Says how to get the next page: a `Link: <…>; rel="next"` header with this request's URL and
 * the next cursor or offset. Returns that URL (lists answered as an object carry it as `next`),
 * or null on the last page.
 */
export function announceNextPage(
  request: Request,
  response: Response,
  next: NextPage | null,
): string | null {
  if (next === null) return null;
  const url = new URL(request.originalUrl, 'http://connector.invalid');
  url.searchParams.delete('after');
  url.searchParams.delete('offset');
  if ('after' in next) url.searchParams.set('after', String(next.after));
  else url.searchParams.set('offset', String(next.offset));
  const link = `${url.pathname}${url.search}`;
  response.setHeader('Link', `<${link}>; rel="next"`);
  return link;
}
