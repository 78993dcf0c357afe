import { h } from './dom.js';
import { operatorText, statusLabel, type StatusKind } from './vocabulary.js';

/**
 * A status in words, coloured by its code (styles.css `.badge-<code>`). The code stays on the
 * element: `data-status` for scripts and tests, the title for a reader who needs the API's word.
 * A batch's status is strong: it is what its page is about.
 */
export function statusBadge(kind: StatusKind, status: string, id?: string): HTMLElement {
  return h(
    kind === 'batch' ? 'strong' : 'span',
    {
      class: `badge badge-${status.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`,
      'data-status': status,
      title: status,
      id,
    },
    statusLabel(kind, status),
  );
}

/** A payment's operator in words ("MTN Mobile Money, Liberia"), with Dollr's codes as its title. */
export function operatorCell(method: string | null, provider: string | null): HTMLElement {
  const { text, code } = operatorText(method, provider);
  return h(
    'span',
    {
      class: 'operator',
      title: code === '' ? null : code,
      'data-method': method,
      'data-provider': provider,
    },
    text,
  );
}
