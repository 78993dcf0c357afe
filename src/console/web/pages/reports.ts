import { getJson } from '../api.js';
import { statusBadge } from '../badges.js';
import { h, replaceChildren } from '../dom.js';
import { downloadButton } from '../downloads.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import { withStatusName } from '../format.js';
import type { BatchDetails, ImportView } from '../types.js';

export async function reportsPage(
  route: Extract<Route, { page: 'reports' }>,
  { main, signal }: PageContext,
): Promise<void> {
  const { batchId } = route;
  const batch = await getJson<BatchDetails>(`/batches/${batchId}`, { signal });
  // The file as uploaded: its statuses are downloaded under its own name.
  const source = await getJson<ImportView>(`/imports/${batch.importId}`, { signal });
  const reports: readonly [string, string, string, string][] = [
    [
      'Reconciliation report (XLSX)',
      'Every payment with its status, fees, Dollr references and the approvals, as an Excel workbook.',
      `/reports/reconciliation?batchId=${batchId}&format=xlsx`,
      `reconciliation-batch-${batchId}.xlsx`,
    ],
    [
      'Reconciliation report (CSV)',
      'The same report as a CSV file.',
      `/reports/reconciliation?batchId=${batchId}&format=csv`,
      `reconciliation-batch-${batchId}.csv`,
    ],
    [
      'Source file with statuses',
      `${source.fileName} as you uploaded it, with status columns added to each row.`,
      `/imports/${batch.importId}/export-source`,
      withStatusName(source.fileName),
    ],
    [
      'Accounting journal (CSV)',
      'Journal entries for the payments and fees, for your accounting package.',
      `/reports/journal?batchId=${batchId}`,
      `journal-batch-${batchId}.csv`,
    ],
  ];
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, `Reports of batch ${batchId}`),
    h(
      'p',
      null,
      'Status: ',
      statusBadge('batch', batch.status),
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
