/** Builds elements from data with text nodes and attributes only: no HTML strings, so no injection. */
export type Child = Node | string | number | null | undefined | false | readonly Child[];
type Attributes = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (typeof child === 'string' || typeof child === 'number') {
      parent.appendChild(document.createTextNode(String(child)));
    } else if (child instanceof Node) {
      parent.appendChild(child);
    } else {
      append(parent, child);
    }
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A table with a caption and a header row, in a region that scrolls sideways on a phone. */
/** A table row of plain cells, the numeric ones aligned as numbers. */
export function tableRow(
  cells: readonly Child[],
  numeric: ReadonlySet<number>,
): HTMLTableRowElement {
  return h(
    'tr',
    null,
    cells.map((cell, i) => h('td', numeric.has(i) ? { class: 'num' } : null, cell)),
  );
}

export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly Child[] | HTMLTableRowElement)[],
  options: { numeric?: readonly number[]; id?: string; empty?: string } = {},
): HTMLElement {
  const numeric = new Set(options.numeric ?? []);
  const body = h(
    'tbody',
    null,
    rows.length === 0
      ? h('tr', null, h('td', { colspan: headers.length }, options.empty ?? 'Nothing yet.'))
      : rows.map((row) => (row instanceof HTMLTableRowElement ? row : tableRow(row, numeric))),
  );
  const element = h(
    'table',
    options.id === undefined ? null : { id: options.id },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((header, i) =>
          h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, header),
        ),
      ),
    ),
    body,
  );
  // Focusable so a keyboard user can scroll a wide table.
  return h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: 0 },
    element,
  );
}

/** A definition list of label → value pairs. */
export function facts(pairs: readonly (readonly [string, Child])[]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.map(([term, value]) => h('div', null, h('dt', null, term), h('dd', null, value))),
  );
}

export function button(
  label: string,
  onClick: (event: MouseEvent) => void,
  attributes: Attributes = {},
): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, label);
  element.addEventListener('click', onClick);
  return element;
}
