import { ApiError, postJson } from '../api.js';
import { downloadButton } from '../downloads.js';
import { button, h, replaceChildren } from '../dom.js';
import { announce, showError } from '../messages.js';
import type { PageContext } from '../page.js';
import { can } from '../permissions.js';
import { hrefOf, type Route } from '../routes.js';
import type { ImportResult } from '../types.js';
import { importTypeLabel } from '../vocabulary.js';
import { mappingStep, type UploadChoices } from './mapping.js';

function field(id: string, label: string, control: HTMLElement, help?: string): HTMLElement {
  if (help !== undefined) control.setAttribute('aria-describedby', `${id}-help`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    help === undefined ? null : h('p', { id: `${id}-help`, class: 'help' }, help),
  );
}

function select(id: string, options: readonly (readonly [string, string])[]): HTMLSelectElement {
  return h(
    'select',
    { id, name: id },
    options.map(([value, label]) => h('option', { value }, label)),
  );
}

export function uploadPage(
  _route: Route,
  { main, identity, navigate }: PageContext,
): Promise<void> {
  const file = h('input', {
    id: 'file',
    name: 'file',
    type: 'file',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    required: true,
    'data-autofocus': true,
  });
  // Option labels stay short enough for a phone (a select cannot wrap them): the help says more.
  const type = select('type', [
    ['payables', importTypeLabel('payables')],
    ['receivables', importTypeLabel('receivables')],
  ]);
  const profile = select('profile', [
    ['', 'Default for the type'],
    ['payroll', 'payroll'],
    ['suppliers', 'suppliers'],
    ['invoices', 'invoices'],
  ]);
  const country = select('country', [
    ['', 'None (each row says)'],
    ['LR', 'Liberia (LR)'],
    ['RW', 'Rwanda (RW)'],
  ]);
  const currency = select('currency', [
    ['', 'None (each row says)'],
    ['USD', 'USD'],
    ['LRD', 'LRD'],
    ['RWF', 'RWF'],
  ]);
  const sheet = h('input', { id: 'sheet', name: 'sheet', type: 'text', autocomplete: 'off' });
  const period = h('input', {
    id: 'period',
    name: 'period',
    type: 'text',
    autocomplete: 'off',
    placeholder: 'e.g. 2026-11',
    maxlength: 64,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Upload and check');
  const mapping = h('section', { id: 'mapping', 'aria-labelledby': 'mapping-heading' });
  mapping.hidden = true;
  const opened = (result: ImportResult): void => {
    if (result.importId === null) throw new Error('The import was not stored.');
    navigate(hrefOf({ page: 'import', importId: result.importId, batchId: result.batchId }));
  };
  const chosenFile = (): File | undefined => {
    const chosen = file.files?.[0];
    if (chosen === undefined) {
      file.setAttribute('aria-invalid', 'true');
      showError('Choose the spreadsheet to upload.');
      file.focus();
      return undefined;
    }
    file.removeAttribute('aria-invalid');
    return chosen;
  };
  const choicesOf = (chosen: File): UploadChoices => ({
    file: chosen,
    type: type.value,
    sheet: sheet.value,
    country: country.value,
    currency: currency.value,
    period: period.value,
  });
  // Each opening replaces the one before; a step for another file, type or sheet is closed.
  let shownStep = 0;
  const openMapping = (chosen: File): void => {
    const step = ++shownStep;
    const isOpen = (): boolean => step === shownStep;
    mapping.hidden = false;
    replaceChildren(mapping);
    mappingStep(mapping, () => choicesOf(chosen), opened, isOpen).catch((error: unknown) => {
      if (!isOpen()) return;
      announce('');
      showError(error);
    });
  };
  const closeMapping = (): void => {
    shownStep += 1;
    mapping.hidden = true;
    replaceChildren(mapping);
  };
  for (const control of [file, type, sheet]) control.addEventListener('change', closeMapping);
  const mapButton = button('Map the columns myself', () => {
    const chosen = chosenFile();
    if (chosen !== undefined) openMapping(chosen);
  });
  const form = h(
    'form',
    { class: 'card', novalidate: true },
    field('file', 'Spreadsheet (CSV or Excel .xlsx)', file),
    field(
      'type',
      'Type',
      type,
      'Payables: payroll and supplier bills, paid out. Receivables: customer invoices, collected.',
    ),
    field(
      'profile',
      'Mapping profile',
      profile,
      'Which column means what. The default reads payroll for payables and invoices for receivables.',
    ),
    field(
      'country',
      'Default country',
      country,
      'For rows with a local phone number and no country. With none, the row’s country or currency decides.',
    ),
    field('currency', 'Default currency', currency, 'For rows with no currency.'),
    field(
      'sheet',
      'Worksheet (optional)',
      sheet,
      'For an .xlsx file: a name or a number; default the first.',
    ),
    field(
      'period',
      'Pay period (optional)',
      period,
      'Payables: for rows with no period or reference. Default: the month in the file’s title, sheet or file name, else this month.',
    ),
    h('div', { class: 'actions' }, submit, mapButton),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = chosenFile();
    if (chosen === undefined) return;
    const body = new FormData();
    body.append('file', chosen, chosen.name);
    body.append('type', type.value);
    for (const [name, control] of [
      ['profile', profile],
      ['country', country],
      ['currency', currency],
      ['sheet', sheet],
      ['period', period],
    ] as const) {
      if (control.value.trim() !== '') body.append(name, control.value.trim());
    }
    submit.disabled = true;
    form.setAttribute('aria-busy', 'true');
    announce(`Uploading and checking ${chosen.name}…`);
    postJson<ImportResult>('/imports', body)
      .then(opened)
      .catch((error: unknown) => {
        announce('');
        showError(error);
        submit.disabled = false;
        form.removeAttribute('aria-busy');
        // Columns the profile does not know: offer to say what they are.
        if (error instanceof ApiError && error.code === 'HEADER_NOT_FOUND') openMapping(chosen);
      });
  });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Upload a spreadsheet'),
    can(identity.role, 'upload')
      ? null
      : h(
          'p',
          { class: 'note' },
          `A ${identity.role} key cannot upload; the server will refuse it.`,
        ),
    h(
      'p',
      null,
      'Every row is checked and stored with its problems; nothing is paid until a second person approves the batch.',
    ),
    form,
    mapping,
    h(
      'section',
      { 'aria-labelledby': 'templates-heading' },
      h('h2', { id: 'templates-heading' }, 'Start from a template'),
      h(
        'p',
        { class: 'help' },
        'Blank files with the columns the built-in profiles read, an example row and (Excel) notes on each column.',
      ),
      h(
        'div',
        { class: 'actions' },
        (['payroll', 'suppliers', 'invoices'] as const).flatMap((name) =>
          (['xlsx', 'csv'] as const).map((format) =>
            downloadButton(
              `${name.charAt(0).toUpperCase()}${name.slice(1)} (${format.toUpperCase()})`,
              `/templates/${name}.${format}`,
              `${name}-template.${format}`,
            ),
          ),
        ),
      ),
    ),
  );
  return Promise.resolve();
}
