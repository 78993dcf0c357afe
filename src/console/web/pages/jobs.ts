import { getPage } from '../api.js';
import { statusBadge } from '../badges.js';
import { h, replaceChildren } from '../dom.js';
import { pagedTable } from '../paged-table.js';
import { formatDateTime, formatJobSlot } from '../format.js';
import { describeValue } from '../describe.js';
import type { PageContext } from '../page.js';
import type { Route } from '../routes.js';
import type { JobRun } from '../types.js';

export async function jobsPage(_route: Route, { main, signal }: PageContext): Promise<void> {
  const runs = await getPage<JobRun>('/jobs', { signal });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Scheduled jobs'),
    h(
      'p',
      null,
      'The latest runs of the scheduled jobs (reconciliation, expiry and the like), newest first.',
    ),
    pagedTable(runs, {
      caption: 'Job runs, newest first',
      headers: [
        'Job',
        'Slot',
        'Status',
        'Host',
        'Started',
        'Finished',
        'Counts',
        'Error',
        'Started by',
      ],
      row: (run) => [
        run.job,
        formatJobSlot(run.slot),
        statusBadge('job', run.status),
        run.host ?? '—',
        formatDateTime(run.startedAt),
        formatDateTime(run.finishedAt),
        describeValue(run.counts),
        run.error ?? '',
        run.manual ? 'hand' : 'schedule',
      ],
      id: 'jobs',
      empty: 'No job has run yet.',
      more: 'Show older runs',
      signal,
    }),
  );
}
