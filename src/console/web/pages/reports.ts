import { getJson } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { downloadButton } from '../downloads.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import type { BatchDetails } from '../types.js';
import { statusBadge } from './batch.js';

export async function reportsPage(
  route: Extract<Route, { page: 'reports' }>,
  { main, signal }: PageContext,
): Promise<void> {
  const { batchId } = route;
  const batch = await getJson<BatchDetails>(`/batches/${batchId}`, { signal });
  const reports: readonly [string, string, string, string][] = [
    [
      'Reconciliation report (XLSX)',
      'Every payment with its status, fees, Dollr references and the approvals, as an Excel workbook.',
      `/reports/reconciliation?batchId=${batchId}&format=xlsx`,
      `batch-${batchId}-reconciliation.xlsx`,
    ],
    [
      'Reconciliation report (CSV)',
      'The same report as a CSV file.',
      `/reports/reconciliation?batchId=${batchId}&format=csv`,
      `batch-${batchId}-reconciliation.csv`,
    ],
    [
      'Source file with statuses',
      'The file you uploaded, with status columns added to each row.',
      `/imports/${batch.importId}/export-source`,
      `import-${batch.importId}-with-status`,
    ],
    [
      'Accounting journal (CSV)',
      'Journal entries for the payments and fees, for your accounting package.',
      `/reports/journal?batchId=${batchId}`,
      `batch-${batchId}-journal.csv`,
    ],
  ];
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, `Reports of batch ${batchId}`),
    h(
      'p',
      null,
      'Status: ',
      statusBadge(batch.status),
      ' · ',
      h('a', { href: hrefOf({ page: 'batch', batchId }) }, `Back to batch ${batchId}`),
    ),
    h(
      'ul',
      { class: 'reports' },
      reports.map(([label, description, path, name]) =>
        h(
          'li',
          { class: 'card' },
          downloadButton(label, path, name),
          h('p', { class: 'help' }, description),
        ),
      ),
    ),
  );
}
