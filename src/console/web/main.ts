import { getJson, UNAUTHENTICATED_EVENT } from './api.js';
import { h, replaceChildren } from './dom.js';
import { announce, clearMessages, showError } from './messages.js';
import type { PageContext } from './page.js';
import { auditPage } from './pages/audit.js';
import { batchPage } from './pages/batch.js';
import { batchesPage } from './pages/batches.js';
import { importPage } from './pages/import.js';
import { importsPage } from './pages/imports.js';
import { jobsPage } from './pages/jobs.js';
import { reportsPage } from './pages/reports.js';
import { signInPage } from './pages/sign-in.js';
import { uploadPage } from './pages/upload.js';
import { can } from './permissions.js';
import { parseRoute, type Route } from './routes.js';
import { apiKey, identity, signIn, signOut, type Identity } from './session.js';

function byId(id: string): HTMLElement {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`The page has no #${id}`);
  return element;
}

let leave: (() => void) | undefined;
let returnTo = '';

function showIdentity(who: Identity | null, page: string): void {
  byId('nav').hidden = who === null;
  byId('who').hidden = who === null;
  byId('who-text').textContent = who === null ? '' : `Signed in as ${who.name} (${who.role})`;
  for (const link of byId('nav').querySelectorAll<HTMLAnchorElement>('a[data-page]')) {
    const target = link.dataset.page ?? '';
    const current =
      target === page ||
      (target === 'batches' && (page === 'batch' || page === 'reports')) ||
      (target === 'imports' && page === 'import');
    if (current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
    const item = link.parentElement;
    if (item !== null)
      item.hidden = target === 'upload' && who !== null && !can(who.role, 'upload');
  }
}

async function render(): Promise<void> {
  leave?.();
  leave = undefined;
  const controller = new AbortController();
  leave = () => controller.abort();
  const main = byId('main');
  const hash = window.location.hash;
  // Anchors inside the page (the skip link) are not pages.
  if (hash !== '' && !hash.startsWith('#/')) return;
  const route: Route = parseRoute(hash);
  const who = identity();
  clearMessages();
  if (who === null && route.page !== 'sign-in') {
    returnTo = hash;
    window.location.replace('#/sign-in');
    return;
  }
  showIdentity(who, route.page);
  main.setAttribute('aria-busy', 'true');
  replaceChildren(main, h('p', { class: 'loading' }, 'Loading…'));
  const context: PageContext = {
    main,
    identity: who ?? { id: '', name: '', role: 'viewer' },
    signal: controller.signal,
    navigate: (target) => {
      window.location.hash = target;
    },
  };
  try {
    const cleanup = await renderRoute(route, context);
    if (cleanup !== undefined) {
      leave = () => {
        controller.abort();
        cleanup();
      };
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    replaceChildren(main, h('h1', { tabindex: -1 }, 'Something went wrong'));
    showError(error);
  } finally {
    if (!controller.signal.aborted) main.removeAttribute('aria-busy');
  }
  if (controller.signal.aborted) return;
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'Console'} – dollr-connector`;
  const focus = main.querySelector<HTMLElement>('[data-autofocus]') ?? heading;
  focus?.focus();
}

function renderRoute(route: Route, context: PageContext): Promise<(() => void) | void> {
  switch (route.page) {
    case 'sign-in':
      return signInPage(route, context, {
        signedIn: (key, who) => {
          signIn(key, who);
          const target = returnTo !== '' && returnTo !== '#/sign-in' ? returnTo : '';
          returnTo = '';
          window.location.hash =
            target !== '' ? target : can(who.role, 'upload') ? '#/upload' : '#/batches';
        },
      });
    case 'upload':
      return uploadPage(route, context);
    case 'imports':
      return importsPage(route, context);
    case 'import':
      return importPage(route, context);
    case 'batches':
      return batchesPage(route, context);
    case 'batch':
      return batchPage(route, context);
    case 'reports':
      return reportsPage(route, context);
    case 'jobs':
      return jobsPage(route, context);
    case 'audit':
      return auditPage(route, context);
    case 'not-found':
      replaceChildren(
        context.main,
        h('h1', { tabindex: -1 }, 'No such page'),
        h('p', null, h('a', { href: '#/batches' }, 'See the batches')),
      );
      return Promise.resolve();
  }
}

function start(): void {
  window.addEventListener('hashchange', () => void render());
  window.addEventListener(UNAUTHENTICATED_EVENT, (event) => {
    signOut();
    returnTo = window.location.hash;
    window.location.hash = '#/sign-in';
    // After the sign-in page has rendered (and cleared the messages).
    setTimeout(() => showError(`Sign in again: ${String((event as CustomEvent).detail)}`), 0);
  });
  byId('sign-out').addEventListener('click', () => {
    signOut();
    returnTo = '';
    window.location.hash = '#/sign-in';
    setTimeout(() => announce('Signed out.'), 0);
  });
  byId('skip-link').addEventListener('click', (event) => {
    event.preventDefault();
    byId('main').focus();
  });
  // A key kept from earlier in this tab is checked once; a revoked key goes back to sign-in.
  const who = identity();
  if (who !== null) {
    getJson<Identity>('/auth/me')
      .then((current) => {
        const key = apiKey();
        if (key !== null) signIn(key, current);
        showIdentity(current, parseRoute(window.location.hash).page);
      })
      .catch(() => undefined);
  }
  void render();
}

start();
