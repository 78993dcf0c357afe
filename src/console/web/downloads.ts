import { download } from './api.js';
import { button } from './dom.js';
import { announce, showError } from './messages.js';

/** A button that downloads a file the API serves (with the key) and says when it is saved. */
export function downloadButton(
  label: string,
  path: string,
  fallbackName: string,
): HTMLButtonElement {
  return button(
    label,
    (event) => {
      const target = event.currentTarget as HTMLButtonElement;
      target.disabled = true;
      announce(`Preparing ${fallbackName}…`);
      download(path, fallbackName)
        .then((name) => announce(`Downloaded ${name}.`))
        .catch(showError)
        .finally(() => {
          target.disabled = false;
        });
    },
    { 'data-download': fallbackName },
  );
}
