import { postJson } from '../api.js';
import { statusBadge } from '../badges.js';
import { describeIssue } from '../describe.js';
import { button, h, replaceChildren, table } from '../dom.js';
import { formatMoney } from '../format.js';
import {
  amountRuleOf,
  type AmountRule,
  type ColumnUse,
  type Kind,
  draftProblems,
  type MappingDraft,
  profileFromDraft,
  useOptions,
  usesFromProfile,
} from '../mapping-model.js';
import { announce, showError } from '../messages.js';
import type { ImportResult, Preview, ProfileSuggestion } from '../types.js';

/** What the upload form was given, sent again with the mapped profile. */
export interface UploadChoices {
  readonly file: File;
  readonly type: string;
  readonly sheet: string;
  readonly country: string;
  readonly currency: string;
  readonly period: string;
}

const PREVIEW_DELAY_MS = 250;

function uploadForm(choices: UploadChoices, type: Kind): FormData {
  const body = new FormData();
  body.append('file', choices.file, choices.file.name);
  body.append('type', type);
  for (const [name, value] of [
    ['sheet', choices.sheet],
    ['country', choices.country],
    ['currency', choices.currency],
    ['period', choices.period],
  ] as const) {
    if (value.trim() !== '') body.append(name, value.trim());
  }
  return body;
}

function sampleText(cell: string | number | undefined): string {
  return cell === undefined ? '' : String(cell);
}

/**
 * The mapping step: the file's columns, what each is used for (a select per column), a live
 * preview of the first rows as they would import, and "save as profile". Shown when the upload
 * found no header the profile reads, or when asked for.
 *
 * `current` gives the upload form's values as they are now (the file, type and sheet stay those
 * the step opened with: the form closes the step when they change); `isOpen` says whether this
 * step is still the one shown, so a slow answer for a replaced step draws nothing.
 */
export async function mappingStep(
  container: HTMLElement,
  current: () => UploadChoices,
  imported: (result: ImportResult) => void,
  isOpen: () => boolean,
): Promise<void> {
  const choices = current();
  announce(`Reading the columns of ${choices.file.name}…`);
  const request = new FormData();
  request.append('file', choices.file, choices.file.name);
  if (choices.type !== '') request.append('type', choices.type);
  if (choices.sheet.trim() !== '') request.append('sheet', choices.sheet.trim());
  const suggestion = await postJson<ProfileSuggestion>('/profiles/suggest', request);
  if (!isOpen()) return;
  announce('');
  const kind = suggestion.type;
  const headers = suggestion.headers;
  const uses: ColumnUse[] = usesFromProfile(suggestion.profile, headers);
  let amountIs: AmountRule = amountRuleOf(suggestion.profile);
  const original = suggestion.profile as {
    name?: string;
    relationship?: string;
    decimalSeparator?: string;
  };

  const name = h('input', {
    id: 'mapping-name',
    type: 'text',
    autocomplete: 'off',
    value: original.name ?? 'my-profile',
    maxlength: 64,
    pattern: '[a-z0-9][a-z0-9_-]{0,63}',
  });
  const decimal = h(
    'select',
    { id: 'mapping-decimal' },
    h('option', { value: '.' }, 'Point: 1,250.50'),
    h('option', { value: ',' }, 'Comma: 1.250,50'),
  );
  decimal.value = original.decimalSeparator === ',' ? ',' : '.';
  const rule = h(
    'select',
    { id: 'mapping-amount-rule' },
    h('option', { value: 'credit-minus-debit' }, 'Credit minus debit'),
    h('option', { value: 'debit-minus-credit' }, 'Debit minus credit'),
  );
  rule.value = amountIs;
  const ruleField = h(
    'div',
    { class: 'field' },
    h('label', { for: 'mapping-amount-rule' }, 'The amount to pay is'),
    rule,
  );
  const problems = h('div', { id: 'mapping-problems', 'aria-live': 'polite' });
  const preview = h('div', { id: 'mapping-preview' });

  const draft = (): MappingDraft => ({
    name: name.value.trim(),
    type: kind,
    relationship: original.relationship ?? (kind === 'payables' ? 'SUPPLIER' : 'CUSTOMER'),
    description: `Mapped in the console from ${choices.file.name}.`,
    headers,
    uses,
    amountIs,
    decimalSeparator: decimal.value === ',' ? ',' : '.',
    ...(choices.sheet.trim() === '' ? {} : { sheet: choices.sheet.trim() }),
  });

  const columnRows = headers.map((header, i) => {
    const select = h(
      'select',
      { id: `use-${i}`, 'data-column': header },
      useOptions(kind).map(([value, label]) =>
        h('option', { value, selected: uses[i] === value }, label),
      ),
    );
    if (header.trim() === '') select.disabled = true;
    select.addEventListener('change', () => {
      uses[i] = select.value;
      refresh();
    });
    const samples = suggestion.sampleRows
      .slice(0, 3)
      .map((row) => sampleText(row.cells[i]))
      .filter((text) => text.trim() !== '')
      .join(' · ');
    return h(
      'tr',
      null,
      h(
        'th',
        { scope: 'row' },
        h('label', { for: `use-${i}` }, header || `Column ${i + 1} (no name)`),
      ),
      h('td', null, select),
      h('td', { class: 'samples' }, samples || '—'),
    );
  });
  rule.addEventListener('change', () => {
    amountIs = rule.value === 'debit-minus-credit' ? 'debit-minus-credit' : 'credit-minus-debit';
    refresh();
  });
  decimal.addEventListener('change', () => refresh());
  name.addEventListener('input', () => refresh());

  let pending: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  const refresh = (): void => {
    ruleField.hidden = !(uses.includes('debit') && uses.includes('credit'));
    enableActions();
    clearTimeout(pending);
    pending = setTimeout(() => void showPreview(), PREVIEW_DELAY_MS);
  };
  const showPreview = async (): Promise<void> => {
    const mine = ++sequence;
    const now = current();
    preview.setAttribute('aria-busy', 'true');
    try {
      const answer = await postJson<Preview>('/profiles/preview', {
        profile: profileFromDraft(draft()),
        headerRow: suggestion.headerRow,
        headers,
        rows: suggestion.sampleRows,
        fileName: choices.file.name,
        sheet: suggestion.sheet,
        country: now.country || undefined,
        currency: now.currency || undefined,
        period: now.period.trim() || undefined,
      });
      if (mine !== sequence || !isOpen()) return;
      renderPreview(answer);
    } catch (error) {
      if (mine === sequence) showError(error);
    } finally {
      if (mine === sequence) preview.removeAttribute('aria-busy');
    }
  };
  const renderPreview = (answer: Preview): void => {
    const all = [...draftProblems(draft()), ...answer.problems];
    replaceChildren(
      problems,
      all.length === 0
        ? h(
            'p',
            { class: 'note', id: 'mapping-ready' },
            'Every field the import needs has a column.',
          )
        : h(
            'div',
            { class: 'note', id: 'mapping-missing' },
            h('p', null, 'Not ready to import:'),
            h(
              'ul',
              null,
              all.map((p) => h('li', null, p)),
            ),
          ),
    );
    // An invoice line is known by its invoice and item; a payment by its payee's name and phone.
    const receivables = kind === 'receivables';
    replaceChildren(
      preview,
      table(
        `The first ${answer.rows.length} rows as they would import`,
        receivables
          ? ['Row', 'Status', 'Invoice', 'Customer', 'Item', 'Amount', 'Problems']
          : ['Row', 'Status', 'Name', 'Phone', 'Amount', 'Problems'],
        answer.rows.map((row) => {
          const f = row.fields ?? {};
          const value = f.amount ?? f.unit_price;
          const amount =
            value === null || value === undefined || value === ''
              ? '—'
              : f.currency
                ? formatMoney(value, f.currency)
                : value;
          const issues = [
            ...row.errors.map((issue) => ({ issue, note: false })),
            ...row.warnings.map((issue) => ({ issue, note: true })),
          ];
          return h(
            'tr',
            { 'data-row': row.row, 'data-status': row.status },
            h('td', { class: 'num' }, row.row),
            h('td', null, statusBadge('row', row.status)),
            receivables
              ? [
                  h('td', null, f.invoice_number ?? '—'),
                  h('td', null, f.full_name ?? '—'),
                  h('td', null, f.item ?? '—'),
                ]
              : [h('td', null, f.full_name ?? '—'), h('td', null, f.phone ?? '—')],
            h('td', { class: 'num' }, amount),
            h(
              'td',
              { class: 'problems' },
              issues.length === 0
                ? '—'
                : h(
                    'ul',
                    { class: 'issues' },
                    issues.map(({ issue, note }) =>
                      h(
                        'li',
                        note ? { class: 'issue-note' } : null,
                        // A note does not stop the row; an error does (the status says which).
                        note ? h('span', { class: 'issue-kind' }, 'Note: ') : null,
                        describeIssue(issue),
                      ),
                    ),
                  ),
            ),
          );
        }),
        {
          numeric: receivables ? [0, 5] : [0, 4],
          id: 'mapping-preview-table',
          empty: 'No rows to show yet.',
        },
      ),
    );
  };

  // The profile saved by an earlier try whose import then failed: trying again does not save it twice.
  let saved: string | undefined;
  const saveAndImport = async (): Promise<void> => {
    const document = profileFromDraft(draft());
    const text = JSON.stringify(document);
    if (saved !== text) {
      announce(`Saving the profile ${String(document.name)}…`);
      await postJson('/profiles', document);
      saved = text;
    }
    announce(`Importing ${choices.file.name} with the profile ${String(document.name)}…`);
    const body = uploadForm(current(), kind);
    body.append('profile', String(document.name));
    imported(await postJson<ImportResult>('/imports', body));
  };
  const importOnce = async (): Promise<void> => {
    const document = profileFromDraft(draft());
    announce(`Importing ${choices.file.name} with this mapping…`);
    const body = uploadForm(current(), kind);
    body.append(
      'profileFile',
      new Blob([JSON.stringify(document)], { type: 'application/json' }),
      'profile.json',
    );
    imported(await postJson<ImportResult>('/imports', body));
  };
  // One import at a time: both buttons wait while either runs.
  let running = false;
  const actions: HTMLButtonElement[] = [];
  const enableActions = (): void => {
    const blocked = running || draftProblems(draft()).length > 0;
    for (const action of actions) action.disabled = blocked;
  };
  const guarded = (action: () => Promise<void>) => () => {
    if (running) return;
    running = true;
    enableActions();
    action()
      .catch((error: unknown) => {
        announce('');
        showError(error);
      })
      .finally(() => {
        running = false;
        enableActions();
      });
  };
  actions.push(
    button('Save as profile and import', guarded(saveAndImport), { class: 'primary' }),
    button('Import once with this mapping', guarded(importOnce)),
  );

  const where = `${suggestion.sheet === null ? '' : `sheet “${suggestion.sheet}”, `}row ${suggestion.headerRow}`;
  replaceChildren(
    container,
    h('h2', { id: 'mapping-heading', tabindex: -1 }, `Map the columns of ${choices.file.name}`),
    h(
      'p',
      null,
      `The column names were found on ${where}. Say what each column is; the rows below show how the file would import. Read as ${kind}.`,
    ),
    suggestion.checks.length === 0
      ? null
      : h(
          'ul',
          { class: 'help' },
          suggestion.checks.map((check) => h('li', null, check)),
        ),
    h(
      'div',
      { class: 'table-scroll', role: 'region', 'aria-label': 'Columns of the file', tabindex: 0 },
      h(
        'table',
        { id: 'mapping-columns' },
        h('caption', null, 'Columns of the file and what each is used for'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'col' }, 'Column'),
            h('th', { scope: 'col' }, 'Used for'),
            h('th', { scope: 'col' }, 'First values'),
          ),
        ),
        h('tbody', null, columnRows),
      ),
    ),
    ruleField,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'mapping-decimal' }, 'Decimal separator'),
      decimal,
    ),
    problems,
    preview,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'mapping-name' }, 'Profile name'),
      name,
      h(
        'p',
        { class: 'help' },
        'Lower-case letters, digits, - and _. Saved on the server, the profile reads the next file from this system without this step.',
      ),
    ),
    h('div', { class: 'actions' }, actions),
  );
  refresh();
  document.getElementById('mapping-heading')?.focus();
}
