import { parseDatabaseUrl } from './database-url';

describe('parseDatabaseUrl', () => {
  it.each([
    ['sqlite:./data/connector.sqlite', { type: 'sqlite', path: './data/connector.sqlite' }],
    ['sqlite:/var/lib/c.sqlite', { type: 'sqlite', path: '/var/lib/c.sqlite' }],
    ['sqlite:///var/lib/c.sqlite', { type: 'sqlite', path: '/var/lib/c.sqlite' }],
    ['sqlite::memory:', { type: 'sqlite', path: ':memory:' }],
    [
      'mysql://root@127.0.0.1/test',
      {
        type: 'mysql',
        host: '127.0.0.1',
        port: 3306,
        username: 'root',
        password: '',
        database: 'test',
      },
    ],
    [
      'mariadb://u:p%2Fw@db:3307/c',
      { type: 'mysql', host: 'db', port: 3307, username: 'u', password: 'p/w', database: 'c' },
    ],
  ])('%s', (url, expected) => {
    expect(parseDatabaseUrl(url)).toEqual(expected);
  });

  it.each([
    ['postgres://h/db', 'must start with'],
    ['mysql://h', 'must name one database'],
    ['mysql://h/a/b', 'must name one database'],
    ['sqlite:', 'needs a file path'],
    ['mysql://u:secret@h:notaport/db', 'not a valid URL'],
  ])('%s is refused (%s) without echoing the password', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
    expect(() => parseDatabaseUrl(url)).not.toThrow(/secret/);
  });
});
