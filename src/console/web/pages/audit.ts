import { getPage } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { pagedTable } from '../paged-table.js';
import { auditActionLabel, auditSentence, auditSubject } from '../audit-text.js';
import { formatDateTime } from '../format.js';
import type { PageContext } from '../page.js';
import { hrefOf, type Route } from '../routes.js';
import type { AuditEntry } from '../types.js';

function subjectLink(entry: AuditEntry): Node | string {
  const id = entry.subjectId === null ? null : Number(entry.subjectId);
  const subject = auditSubject(entry);
  const label =
    entry.subjectType === null && entry.subjectId === null
      ? '—'
      : `${subject.charAt(0).toUpperCase()}${subject.slice(1)}`;
  if (id === null || !Number.isInteger(id) || id < 1) return label;
  if (entry.subjectType === 'batch')
    return h('a', { href: hrefOf({ page: 'batch', batchId: id }) }, label);
  if (entry.subjectType === 'import') {
    return h('a', { href: hrefOf({ page: 'import', importId: id, batchId: null }) }, label);
  }
  return label;
}

export async function auditPage(
  route: Extract<Route, { page: 'audit' }>,
  { main, signal, navigate }: PageContext,
): Promise<void> {
  const params = new URLSearchParams({ limit: '200' });
  if (route.batchId !== null) params.set('batchId', String(route.batchId));
  if (route.importId !== null) params.set('importId', String(route.importId));
  const entries = await getPage<AuditEntry>(`/audit?${params.toString()}`, { signal });

  const batchInput = h('input', {
    id: 'audit-batch',
    name: 'batchId',
    type: 'text',
    inputmode: 'numeric',
    pattern: '[0-9]*',
    value: route.batchId ?? '',
    autocomplete: 'off',
  });
  const importInput = h('input', {
    id: 'audit-import',
    name: 'importId',
    type: 'text',
    inputmode: 'numeric',
    pattern: '[0-9]*',
    value: route.importId ?? '',
    autocomplete: 'off',
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter the audit log' },
    h('div', { class: 'field' }, h('label', { for: 'audit-batch' }, 'Batch'), batchInput),
    h('div', { class: 'field' }, h('label', { for: 'audit-import' }, 'Import'), importInput),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = (input: HTMLInputElement): number | null =>
      /^[1-9]\d*$/.test(input.value.trim()) ? Number(input.value.trim()) : null;
    navigate(hrefOf({ page: 'audit', batchId: id(batchInput), importId: id(importInput) }));
  });

  const scope = [
    route.batchId === null ? null : `batch ${route.batchId}`,
    route.importId === null ? null : `import ${route.importId}`,
  ].filter((s) => s !== null);
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Audit log'),
    h(
      'p',
      null,
      'Every change anyone made, who made it and when. Entries are never changed or removed.',
    ),
    form,
    pagedTable(entries, {
      caption: `Audit entries${scope.length === 0 ? '' : ` for ${scope.join(' and ')}`}, newest first`,
      headers: ['When', 'Who', 'Role', 'What happened', 'Subject'],
      row: (entry) => [
        formatDateTime(entry.at),
        entry.actor,
        entry.role,
        // The action's code stays at hand for whoever reads the API or the CLI's audit list.
        h(
          'span',
          {
            class: 'audit-sentence',
            'data-action': entry.action,
            title: `${auditActionLabel(entry.action)} (${entry.action})`,
          },
          auditSentence(entry),
        ),
        subjectLink(entry),
      ],
      id: 'audit',
      empty: 'No entry.',
      more: 'Show older entries',
      signal,
    }),
  );
}
