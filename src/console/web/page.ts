import type { Route } from './routes.js';
import type { Identity } from './session.js';

/** What a page gets: where it renders, the signed-in user, and a signal aborted when the user leaves. */
export interface PageContext {
  readonly main: HTMLElement;
  readonly identity: Identity;
  readonly signal: AbortSignal;
  readonly navigate: (hash: string) => void;
}

/** Renders a page; may return a cleanup (to stop polling) run when the user leaves it. */
export type Page<R extends Route = Route> = (
  route: R,
  context: PageContext,
) => Promise<(() => void) | void>;
