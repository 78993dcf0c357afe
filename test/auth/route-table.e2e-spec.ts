import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeTable } from './route-table';

/**
 * The route table of docs/http-api.md is the one test/auth/routes.ts holds, which the authorization
 * spec enforces against every route of the OpenAPI document: a route without a role decision, or a
 * decision the documentation does not state, fails the suite.
 */
describe("docs/http-api.md's table of who may call each route", () => {
  it('is the table the authorization spec enforces (paste the expected table when it differs)', () => {
    const httpApi = readFileSync(join(__dirname, '..', '..', 'docs', 'http-api.md'), 'utf8');
    expect(httpApi).toContain(routeTable());
  });
});
