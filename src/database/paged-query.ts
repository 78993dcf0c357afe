import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { type Page, type PageRequest, pageOf } from '../common/paging';

/**
 * One page of a query ordered by its id column: after the cursor (keyset, so a deep page costs
 * what the first does) or after an offset, fetching one row more than the page to learn whether
 * another follows.
 */
export async function fetchPage<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  idColumn: string,
  order: 'ASC' | 'DESC',
  request: PageRequest,
): Promise<Page<T>> {
  query.orderBy(idColumn, order);
  if (request.after !== undefined) {
    query.andWhere(`${idColumn} ${order === 'ASC' ? '>' : '<'} :pageAfter`, {
      pageAfter: request.after,
    });
  }
  if (request.offset !== undefined && request.offset > 0) query.offset(request.offset);
  query.limit(request.limit + 1);
  return pageOf(await query.getMany(), request, (row) => row.id);
}
