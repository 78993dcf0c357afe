import type { Role } from '../../src/auth/roles';

/**
 * Every HTTP route and the roles that may call it (admin may call every route). A new route is
 * one line here; the authorization spec fails until it is listed. `{id}` is filled with an id
 * that does not exist, so an allowed call answers 4xx without changing anything.
 */
export interface RouteAccess {
  readonly method: 'GET' | 'POST';
  /** As the OpenAPI document writes it. */
  readonly path: string;
  readonly roles: readonly Role[];
}

const everyone: readonly Role[] = ['viewer', 'maker', 'checker', 'admin'];

export const ROUTES: readonly RouteAccess[] = [
  { method: 'GET', path: '/auth/me', roles: everyone },
  { method: 'GET', path: '/keys', roles: ['admin'] },
  { method: 'POST', path: '/keys', roles: ['admin'] },
  { method: 'POST', path: '/keys/{id}/revoke', roles: ['admin'] },
  { method: 'GET', path: '/audit', roles: everyone },
  { method: 'GET', path: '/imports', roles: everyone },
  { method: 'POST', path: '/imports', roles: ['maker', 'admin'] },
  { method: 'GET', path: '/imports/{id}', roles: everyone },
  { method: 'GET', path: '/imports/{id}/rows', roles: everyone },
  { method: 'GET', path: '/imports/{id}/errors', roles: everyone },
  { method: 'POST', path: '/imports/{id}/batch', roles: ['maker', 'admin'] },
  { method: 'GET', path: '/profiles', roles: everyone },
  { method: 'GET', path: '/profiles/{name}', roles: everyone },
  { method: 'POST', path: '/profiles', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/profiles/suggest', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/profiles/preview', roles: ['maker', 'admin'] },
  { method: 'GET', path: '/templates/{file}', roles: everyone },
  { method: 'GET', path: '/batches', roles: everyone },
  { method: 'GET', path: '/batches/{id}', roles: everyone },
  { method: 'GET', path: '/batches/{id}/payments', roles: everyone },
  { method: 'GET', path: '/batches/{id}/invoices', roles: everyone },
  { method: 'POST', path: '/batches/{id}/preflight', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/approve', roles: ['checker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/run', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/pause', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/resume', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/cancel', roles: ['maker', 'admin'] },
  { method: 'POST', path: '/batches/{id}/retry-failed', roles: ['maker', 'admin'] },
  { method: 'GET', path: '/jobs', roles: everyone },
  { method: 'GET', path: '/reports/reconciliation', roles: everyone },
  { method: 'GET', path: '/reports/journal', roles: everyone },
  { method: 'GET', path: '/imports/{id}/export-source', roles: everyone },
  { method: 'POST', path: '/jobs/{name}/run', roles: ['maker', 'admin'] },
  { method: 'GET', path: '/metrics', roles: everyone },
];

/** Routes anyone may call without a key. */
export const PUBLIC_ROUTES: readonly { method: 'GET'; path: string }[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/health/ready' },
  { method: 'GET', path: '/docs' },
  { method: 'GET', path: '/docs-json' },
];

export function concretePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '99999');
}
