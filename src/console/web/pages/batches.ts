import { getPage } from '../api.js';
import { statusBadge } from '../badges.js';
import { h, replaceChildren } from '../dom.js';
import { pagedTable } from '../paged-table.js';
import { formatMoney } from '../format.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import type { BatchView } from '../types.js';

export async function batchesPage(_route: Route, { main, signal }: PageContext): Promise<void> {
  const batches = await getPage<BatchView>('/batches', { signal });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Batches'),
    pagedTable(batches, {
      caption: 'Batches, newest first',
      headers: ['Batch', 'Status', 'Payments', 'Completed', 'Failed', 'Requested'],
      row: (b) => {
        const c = b.counts;
        return [
          h('a', { href: hrefOf({ page: 'batch', batchId: b.batchId }) }, `Batch ${b.batchId}`),
          statusBadge('batch', b.status),
          c.PENDING + c.PROCESSING + c.COMPLETED + c.FAILED + c.CANCELED,
          c.COMPLETED,
          c.FAILED,
          h(
            'ul',
            { class: 'plain' },
            b.totals.map((t) => h('li', null, formatMoney(t.requested, t.currency))),
          ),
        ];
      },
      numeric: [2, 3, 4, 5],
      id: 'batches',
      empty: 'No batch yet: upload a payroll or supplier file.',
      more: 'Show older batches',
      signal,
    }),
  );
}
