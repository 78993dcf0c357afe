import { hrefOf, parseRoute, type Route } from './routes';

describe('routes', () => {
  it.each<[string, Route]>([
    ['', { page: 'batches' }],
    ['#/', { page: 'batches' }],
    ['#/sign-in', { page: 'sign-in' }],
    ['#/upload', { page: 'upload' }],
    ['#/imports', { page: 'imports' }],
    ['#/imports/12', { page: 'import', importId: 12, batchId: null }],
    ['#/imports/12?batch=5', { page: 'import', importId: 12, batchId: 5 }],
    ['#/batches', { page: 'batches' }],
    ['#/batches/5', { page: 'batch', batchId: 5 }],
    ['#/batches/5/reports', { page: 'reports', batchId: 5 }],
    ['#/jobs', { page: 'jobs' }],
    ['#/audit', { page: 'audit', batchId: null, importId: null }],
    ['#/audit?batchId=5&importId=12', { page: 'audit', batchId: 5, importId: 12 }],
  ])('%s', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it.each([
    '#/sign-in',
    '#/upload',
    '#/imports/12',
    '#/imports/12?batch=5',
    '#/batches/5',
    '#/batches/5/reports',
    '#/jobs',
    '#/audit',
    '#/audit?batchId=5&importId=12',
  ])('%s is the link of the page it opens', (hash) => {
    expect(hrefOf(parseRoute(hash))).toBe(hash);
  });

  it.each(['#/batches/0', '#/batches/x', '#/batches/5/other', '#/imports/-1', '#/nowhere'])(
    '%s is not a page',
    (hash) => expect(parseRoute(hash)).toEqual({ page: 'not-found', hash }),
  );

  it('ignores an id filter that is not an id', () => {
    expect(parseRoute('#/audit?batchId=abc')).toEqual({
      page: 'audit',
      batchId: null,
      importId: null,
    });
  });
});
