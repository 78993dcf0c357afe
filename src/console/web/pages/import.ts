import { getJson, getPage, getText } from '../api.js';
import { statusBadge } from '../badges.js';
import { parseCsv } from '../csv.js';
import { describeIssue, describeSkipped } from '../describe.js';
import { facts, h, replaceChildren, table } from '../dom.js';
import { downloadButton } from '../downloads.js';
import { formatBytes, formatDateTime, formatMoney } from '../format.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import type { ImportView, RowView } from '../types.js';
import { importTypeLabel } from '../vocabulary.js';

/** The most rows with problems the page shows (the error report lists them all). */
const SHOWN_PROBLEMS = 1000;

/** The skipped rows the page names (their count says how many more there are). */
const SHOWN_SKIPPED = 10;

/** The first rows of the import with this status. */
async function rowsWithStatus(
  importId: number,
  status: string,
  signal: AbortSignal,
  limit = SHOWN_PROBLEMS,
): Promise<RowView[]> {
  return (
    await getPage<RowView>(`/imports/${importId}/rows?status=${status}&limit=${limit}`, {
      signal,
    })
  ).items;
}

/** The file's own cells of each reported row, by row number, from the CSV error report. */
async function rawCells(
  importId: number,
): Promise<{ headers: string[]; byRow: Map<number, string[]> } | null> {
  try {
    const [header = [], ...lines] = parseCsv(
      await getText(`/imports/${importId}/errors?format=csv`),
    );
    const rowColumn = header.length - 2;
    const byRow = new Map<number, string[]>();
    for (const line of lines) byRow.set(Number(line[rowColumn]), line.slice(0, rowColumn));
    return { headers: header.slice(0, rowColumn), byRow };
  } catch {
    return null;
  }
}

const PERIOD_FROM: Readonly<Record<string, string>> = {
  column: 'its Period column',
  option: 'given with the upload',
  profile: 'the profile',
  title: 'the title rows above the header',
  sheet: 'the sheet name',
  'file-name': 'the file name',
  'import-date': 'the month of the upload: none was found in the file',
};

function periodText(period: string | null, from: string): string {
  return `${period ?? 'differs between rows'} (from ${PERIOD_FROM[from] ?? from})`;
}

/** One reported row: its cells, those with a problem marked (colour, a mark and words). */
function problemRow(
  row: RowView,
  headers: readonly string[],
  cells: readonly string[] | undefined,
): HTMLTableRowElement {
  const issues = row.status === 'duplicate' ? [...row.errors, ...row.warnings] : row.errors;
  const bad = new Set(issues.map((i) => i.column));
  return h(
    'tr',
    { 'data-row': row.row, class: `row-${row.status}` },
    h('th', { scope: 'row', class: 'num' }, String(row.row)),
    h('td', null, statusBadge('row', row.status)),
    headers.map((header, i) => {
      const value = cells?.[i] ?? issues.find((issue) => issue.column === header)?.value ?? '';
      return bad.has(header)
        ? h(
            'td',
            { class: 'cell-error', 'data-column': header },
            h('mark', null, value === '' ? '(empty)' : value),
            h('span', { class: 'visually-hidden' }, ' (has a problem)'),
          )
        : h('td', { 'data-column': header }, value);
    }),
    h(
      'td',
      null,
      h(
        'ul',
        { class: 'issues' },
        issues.map((issue) => h('li', null, describeIssue(issue))),
      ),
    ),
  );
}

export async function importPage(
  route: Extract<Route, { page: 'import' }>,
  { main, signal }: PageContext,
): Promise<void> {
  const { importId, batchId } = route;
  const summary = await getJson<ImportView>(`/imports/${importId}`, { signal });
  const [invalid, duplicates, skipped, raw] = await Promise.all([
    rowsWithStatus(importId, 'invalid', signal),
    rowsWithStatus(importId, 'duplicate', signal),
    summary.skipped > 0
      ? rowsWithStatus(importId, 'skipped', signal, SHOWN_SKIPPED)
      : Promise.resolve([]),
    // The file's own cells come from the error report, read whole: only while it is short.
    summary.invalid + summary.duplicates > 0 &&
    summary.invalid + summary.duplicates <= SHOWN_PROBLEMS
      ? rawCells(importId)
      : Promise.resolve(null),
  ]);
  if (signal.aborted) return;
  const reported = [...invalid, ...duplicates]
    .sort((a, b) => a.row - b.row)
    .slice(0, SHOWN_PROBLEMS);
  const problems = summary.invalid + summary.duplicates;
  // The file's columns that have a problem somewhere, in file order (all of them when the report was read).
  const problemColumns = new Set(
    reported.flatMap((r) => [...r.errors, ...r.warnings].map((i) => i.column)),
  );
  const headers = raw?.headers ?? [...problemColumns].filter((c) => c !== '');

  const skippedRows = skipped.map((row) => row.row).sort((a, b) => a - b);
  const skippedHelp = describeSkipped(summary.skipped, skippedRows, summary.type);
  const counts = table(
    'Rows read',
    ['Rows', 'Valid', 'Invalid', 'Duplicates', 'Skipped'],
    [[summary.rows, summary.valid, summary.invalid, summary.duplicates, summary.skipped]],
    { numeric: [0, 1, 2, 3, 4], id: 'counts' },
  );
  // The skipped count is explained under the table: a screen reader reads it with the table.
  if (skippedHelp !== '')
    counts.querySelector('table')?.setAttribute('aria-describedby', 'skipped-help');

  const downloads = h(
    'div',
    { class: 'actions' },
    ['xlsx', 'csv'].map((format) =>
      downloadButton(
        `Download the error report (${format.toUpperCase()})`,
        `/imports/${importId}/errors?format=${format}`,
        `import-${importId}-errors.${format}`,
      ),
    ),
  );

  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, `Import ${importId}: ${summary.fileName}`),
    batchId !== null
      ? h(
          'p',
          { class: 'next' },
          h(
            'a',
            { href: hrefOf({ page: 'batch', batchId }), class: 'button primary' },
            `Open batch ${batchId}`,
          ),
        )
      : summary.type === 'payables' && summary.valid > 0
        ? h(
            'p',
            { class: 'help' },
            'Its payout batch is listed under ',
            h('a', { href: '#/batches' }, 'Batches'),
            '.',
          )
        : null,
    summary.warnings.length === 0
      ? null
      : h(
          'div',
          { class: 'note', role: 'note' },
          summary.warnings.map((warning) => h('p', null, warning)),
        ),
    facts([
      ['Type', h('span', { title: summary.type }, importTypeLabel(summary.type))],
      ['Profile', summary.profile],
      ...(summary.periodFrom === null
        ? []
        : ([['Pay period', periodText(summary.period, summary.periodFrom)]] as const)),
      ...(summary.invoices === null
        ? []
        : ([['Valid invoices', String(summary.invoices)]] as const)),
      [
        'File',
        `${summary.fileFormat.toUpperCase()}, ${formatBytes(summary.fileSize)}${summary.sheet === null ? '' : `, sheet ${summary.sheet}`}`,
      ],
      ['Header row', `Row ${summary.headerRow}`],
      ['Uploaded by', summary.createdBy],
      ['Uploaded at', formatDateTime(summary.createdAt)],
    ]),
    h('h2', null, 'Counts and totals'),
    counts,
    skippedHelp === '' ? null : h('p', { class: 'help', id: 'skipped-help' }, skippedHelp),
    table(
      'Totals of the valid rows, per currency',
      ['Currency', 'Total'],
      summary.totals.map((t) => [t.currency, formatMoney(t.amount, t.currency)]),
      { numeric: [1], id: 'totals', empty: 'No valid row.' },
    ),
    h('h2', null, `Rows that will not be paid (${reported.length})`),
    reported.length === 0
      ? h(
          'p',
          null,
          summary.skipped > 0 ? 'Every row but the skipped ones is valid.' : 'Every row is valid.',
        )
      : [
          h(
            'p',
            null,
            'Cells with a problem are ',
            h('mark', null, 'highlighted'),
            '. Fix them in your file and upload it again, or download the error report.',
          ),
          downloads,
          problems > reported.length
            ? h(
                'p',
                { class: 'help' },
                `The first ${reported.length} of ${problems} rows with problems are shown; the error report lists them all.`,
              )
            : null,
          h(
            'div',
            {
              class: 'table-scroll',
              role: 'region',
              'aria-label': 'Invalid and duplicate rows',
              tabindex: 0,
            },
            h(
              'table',
              { id: 'problem-rows' },
              h(
                'caption',
                null,
                'Invalid and duplicate rows, with the cells that have a problem highlighted',
              ),
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', { scope: 'col', class: 'num' }, 'Row'),
                  h('th', { scope: 'col' }, 'Status'),
                  headers.map((header) => h('th', { scope: 'col' }, header)),
                  h('th', { scope: 'col' }, 'Problems'),
                ),
              ),
              h(
                'tbody',
                null,
                reported.map((row) => problemRow(row, headers, raw?.byRow.get(row.row))),
              ),
            ),
          ),
        ],
  );
}
