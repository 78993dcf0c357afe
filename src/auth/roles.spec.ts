import { defaultRolesFor, describeRoles, roleAllows, ROLES, type Role } from './roles';

describe('roles', () => {
  // Rows: the role of the key; columns: what a route requires.
  it.each<[Role, readonly Role[], boolean]>([
    ['viewer', ['viewer'], true],
    ['viewer', ['maker'], false],
    ['viewer', ['checker'], false],
    ['viewer', ['admin'], false],
    ['maker', ['viewer'], true],
    ['maker', ['maker'], true],
    ['maker', ['checker'], false],
    ['maker', ['admin'], false],
    ['checker', ['viewer'], true],
    ['checker', ['maker'], false],
    ['checker', ['checker'], true],
    ['checker', ['admin'], false],
    ['admin', ['viewer'], true],
    ['admin', ['maker'], true],
    ['admin', ['checker'], true],
    ['admin', ['admin'], true],
    ['maker', ['maker', 'checker'], true],
  ])('%s calling a route for %j: %s', (role, required, allowed) => {
    expect(roleAllows(role, required)).toBe(allowed);
  });

  it.each([
    ['GET', ['viewer']],
    ['get', ['viewer']],
    ['HEAD', ['viewer']],
    ['POST', ['admin']],
    ['PUT', ['admin']],
    ['PATCH', ['admin']],
    ['DELETE', ['admin']],
  ])('a %s route without @Roles is open to %j', (method, roles) => {
    expect(defaultRolesFor(method)).toEqual(roles);
  });

  it('says who may call a route', () => {
    expect(describeRoles(['viewer'])).toBe('any role');
    expect(describeRoles(['admin'])).toBe('the admin role');
    expect(describeRoles(['checker'])).toBe('one of the roles checker, admin');
    expect(describeRoles(['maker', 'admin'])).toBe('one of the roles maker, admin');
  });

  it('has exactly the documented roles', () => {
    expect(ROLES).toEqual(['viewer', 'maker', 'checker', 'admin']);
  });
});
