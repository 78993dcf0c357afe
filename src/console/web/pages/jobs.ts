import { getJson } from '../api.js';
import { h, replaceChildren, table } from '../dom.js';
import { formatDateTime, formatJobSlot } from '../format.js';
import { describeValue } from '../describe.js';
import type { PageContext } from '../page.js';
import type { Route } from '../routes.js';
import type { Items, JobRun } from '../types.js';

export async function jobsPage(_route: Route, { main, signal }: PageContext): Promise<void> {
  const { items } = await getJson<Items<JobRun>>('/jobs?limit=100', { signal });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Scheduled jobs'),
    h(
      'p',
      null,
      'The latest runs of the scheduled jobs (reconciliation, expiry and the like), newest first.',
    ),
    table(
      'Job runs, newest first',
      ['Job', 'Slot', 'Status', 'Host', 'Started', 'Finished', 'Counts', 'Error', 'Started by'],
      items.map((run) => [
        run.job,
        formatJobSlot(run.slot),
        h('span', { class: `badge badge-${run.status.toLowerCase()}` }, run.status),
        run.host ?? '—',
        formatDateTime(run.startedAt),
        formatDateTime(run.finishedAt),
        describeValue(run.counts),
        run.error ?? '',
        run.manual ? 'hand' : 'schedule',
      ]),
      { id: 'jobs', empty: 'No job has run yet.' },
    ),
  );
}
