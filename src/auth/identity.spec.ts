import { confusableSkeleton, identityOf, requireIdentity, samePerson } from './identity';

describe('identityOf', () => {
  it.each([
    ['root', 'root'],
    ['r\u200boot', 'root'],
    ['\uFF4B_admin', 'k_admin'],
    ['  Alice   Doe ', 'alice doe'],
    ['ALICE', 'alice'],
    ['bob\u202E', 'bob'],
    ['\u2066carol\u2069', 'carol'],
    ['cli:root', 'cli:root'],
  ])('%j is %j', (name, identity) => {
    expect(identityOf(name)).toBe(identity);
  });

  it.each(['', '   ', '\u200b', '\u200b \u2060\uFEFF'])(
    'refuses %j, empty once cleaned',
    (name) => {
      expect(() => requireIdentity(name)).toThrow(/empty once spaces and invisible characters/);
    },
  );
});

describe('samePerson', () => {
  it.each([
    ['k_maker', '\uFF4B_maker'],
    ['root', 'r\u200boot'],
    ['Alice', 'alice'],
    ['k_admin', 'k_adrnin'],
    ['paul', 'p\u0430ul'],
  ])('%j and %j are one person', (a, b) => {
    expect(samePerson(a, b)).toBe(true);
  });

  it.each([
    ['alice', 'bob'],
    ['alice', 'alice2'],
  ])('%j and %j are two people', (a, b) => {
    expect(samePerson(a, b)).toBe(false);
  });

  it('maps look-alike letters to one skeleton', () => {
    expect(confusableSkeleton('p\u0430ul')).toBe(confusableSkeleton('paul'));
  });
});
