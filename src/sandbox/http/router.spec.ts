import { Router } from './router';

const router = new Router<string>([
  { method: 'GET', path: '/v1/invoices/retrieve/:invoice_id', handler: 'by-id' },
  { method: 'GET', path: '/v1/invoices/retrieve/number/:invoice_number', handler: 'by-number' },
  { method: 'PUT', path: '/v1/invoices/:invoice_id/items/:item_id/update', handler: 'item' },
  { method: 'POST', path: '/v1/parties/create', handler: 'create' },
]);

describe('router', () => {
  it.each([
    ['GET', '/v1/invoices/retrieve/101', 'by-id', { invoice_id: '101' }],
    [
      'GET',
      '/v1/invoices/retrieve/number/INV-2025-0042',
      'by-number',
      { invoice_number: 'INV-2025-0042' },
    ],
    ['PUT', '/v1/invoices/101/items/7/update', 'item', { invoice_id: '101', item_id: '7' }],
    ['POST', '/v1/parties/create/', 'create', {}],
    ['GET', '/v1/invoices/retrieve/INV%2D1', 'by-id', { invoice_id: 'INV-1' }],
  ])('%s %s -> %s', (method, path, handler, params) => {
    expect(router.match(method, path)).toEqual({ kind: 'found', handler, params });
  });

  it.each([
    ['GET', '/v1/parties/create', 'method_not_allowed'],
    ['GET', '/v1/unknown', 'not_found'],
    ['GET', '/v1/invoices/retrieve', 'not_found'],
  ])('%s %s -> %s', (method, path, kind) => {
    expect(router.match(method, path)).toEqual({ kind });
  });
});
