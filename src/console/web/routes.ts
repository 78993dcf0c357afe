/** The console's pages, addressed by the URL's hash (`#/batches/5`), so the server serves one page. */
export type Route =
  | { readonly page: 'sign-in' }
  | { readonly page: 'upload' }
  | { readonly page: 'imports' }
  | { readonly page: 'import'; readonly importId: number; readonly batchId: number | null }
  | { readonly page: 'batches' }
  | { readonly page: 'batch'; readonly batchId: number }
  | { readonly page: 'reports'; readonly batchId: number }
  | { readonly page: 'jobs' }
  | {
      readonly page: 'audit';
      readonly batchId: number | null;
      readonly importId: number | null;
    }
  | { readonly page: 'not-found'; readonly hash: string };

function id(text: string | null | undefined): number | null {
  return text !== null && text !== undefined && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter((p) => p !== '');
  const [first, second, third] = parts;
  if (parts.length === 0) return { page: 'batches' };
  if (parts.length === 1) {
    switch (first) {
      case 'sign-in':
      case 'upload':
      case 'imports':
      case 'batches':
      case 'jobs':
        return { page: first };
      case 'audit':
        return {
          page: 'audit',
          batchId: id(params.get('batchId')),
          importId: id(params.get('importId')),
        };
    }
  }
  const subject = id(second);
  if (subject !== null && first === 'imports' && parts.length === 2) {
    return { page: 'import', importId: subject, batchId: id(params.get('batch')) };
  }
  if (subject !== null && first === 'batches' && parts.length === 2) {
    return { page: 'batch', batchId: subject };
  }
  if (subject !== null && first === 'batches' && third === 'reports' && parts.length === 3) {
    return { page: 'reports', batchId: subject };
  }
  return { page: 'not-found', hash };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'import':
      return `#/imports/${route.importId}${route.batchId === null ? '' : `?batch=${route.batchId}`}`;
    case 'batch':
      return `#/batches/${route.batchId}`;
    case 'reports':
      return `#/batches/${route.batchId}/reports`;
    case 'audit': {
      const params = new URLSearchParams();
      if (route.batchId !== null) params.set('batchId', String(route.batchId));
      if (route.importId !== null) params.set('importId', String(route.importId));
      const query = params.toString();
      return `#/audit${query === '' ? '' : `?${query}`}`;
    }
    case 'not-found':
      return route.hash;
    default:
      return `#/${route.page}`;
  }
}
