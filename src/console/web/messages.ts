import { ApiError } from './api.js';

/**
 * Two live regions of the page: `status` is announced politely (progress, done), `alert` at once
 * (errors). Both are plain text.
 */
function region(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no #${id}`);
  return element;
}

export function announce(text: string): void {
  region('status').textContent = text;
}

export function clearMessages(): void {
  region('status').textContent = '';
  region('alert').textContent = '';
}

/** Shows an error in words a finance person can act on, with the server's code. */
export function showError(error: unknown): void {
  region('alert').textContent = describeError(error);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return `Not allowed with your key: ${error.message} (${error.code})`;
    return error.status === 0 ? error.message : `${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
