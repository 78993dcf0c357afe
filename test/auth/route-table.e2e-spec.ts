import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { routeTable } from './route-table';

/**
 * The README's route table is the one test/auth/routes.ts holds, which the authorization spec
 * enforces against every route of the OpenAPI document: a route without a role decision, or a
 * decision the README does not state, fails the suite.
 */
describe("the README's table of who may call each route", () => {
  it('is the table the authorization spec enforces (paste the expected table when it differs)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(routeTable());
  });
});
