import { getPage, type Page } from './api.js';
import { button, type Child, h, table, tableRow } from './dom.js';
import { announce, showError } from './messages.js';

interface PagedTableOptions<T> {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly row: (item: T) => readonly Child[];
  readonly numeric?: readonly number[];
  readonly id?: string;
  readonly empty?: string;
  /** The button that loads the next page, e.g. "Show older batches". */
  readonly more: string;
  readonly signal: AbortSignal;
}

/**
 * A table of a list's first page with a button that adds the next page under it, for as long
 * as the API's Link header names one: the console never asks for a whole list at once.
 */
export function pagedTable<T>(first: Page<T>, options: PagedTableOptions<T>): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  const wrapper = table(options.caption, options.headers, first.items.map(options.row), {
    numeric: options.numeric,
    id: options.id,
    empty: options.empty,
  });
  const body = wrapper.querySelector('tbody');
  let next = first.next;
  const more = button(options.more, () => void load());
  const footer = h('p', { class: 'actions more' }, more);
  if (next === null) footer.hidden = true;

  async function load(): Promise<void> {
    if (next === null) return;
    more.disabled = true;
    try {
      const page = await getPage<T>(next, { signal: options.signal });
      body?.append(...page.items.map((item) => tableRow(options.row(item), numeric)));
      next = page.next;
      footer.hidden = next === null;
      announce(`${page.items.length} more shown${next === null ? '; that is all.' : '.'}`);
    } catch (error) {
      if (!options.signal.aborted) showError(error);
    } finally {
      more.disabled = false;
    }
  }

  return h('div', null, wrapper, footer);
}
