import { getJson } from '../api.js';
import { h, replaceChildren } from '../dom.js';
import { announce, showError } from '../messages.js';
import type { PageContext } from '../page.js';
import type { Route } from '../routes.js';
import type { Identity } from '../session.js';

export function signInPage(
  _route: Route,
  { main }: PageContext,
  { signedIn }: { signedIn: (key: string, who: Identity) => void },
): Promise<void> {
  const input = h('input', {
    id: 'api-key',
    name: 'api-key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'api-key-help',
    'data-autofocus': true,
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    { class: 'card narrow', novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), input),
    h(
      'p',
      { id: 'api-key-help', class: 'help' },
      'Paste the key an administrator gave you. It is kept in this browser tab only and sent with each request; closing the tab forgets it.',
    ),
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key === '') {
      input.setAttribute('aria-invalid', 'true');
      showError('Paste your API key first.');
      input.focus();
      return;
    }
    submit.disabled = true;
    announce('Checking the key…');
    getJson<Identity>('/auth/me', { key })
      .then((who) => {
        announce(`Signed in as ${who.name} (${who.role}).`);
        signedIn(key, who);
      })
      .catch((error: unknown) => {
        announce('');
        input.setAttribute('aria-invalid', 'true');
        showError(error);
        input.focus();
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  replaceChildren(
    main,
    h('h1', { tabindex: -1 }, 'Sign in'),
    form,
    h(
      'p',
      { class: 'help' },
      'No key yet? An administrator creates one with ',
      h('code', null, 'npm run cli -- keys create --name NAME --role ROLE'),
      '.',
    ),
  );
  return Promise.resolve();
}
