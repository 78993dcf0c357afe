/** Where the connector keeps its state: an embedded SQLite file, or a MySQL/MariaDB server. */
export type DatabaseTarget =
  | { type: 'sqlite'; path: string }
  | {
      type: 'mysql';
      host: string;
      port: number;
      username: string;
      password: string;
      database: string;
    };

/**
 * Parses `sqlite:PATH` (`sqlite::memory:` for a throw-away database) or
 * `mysql://user:pass@host:port/db` (`mariadb://` is accepted as a synonym).
 * Throws an Error whose message says what is wrong, never echoing the password.
 */
export function parseDatabaseUrl(value: string): DatabaseTarget {
  const trimmed = value.trim();
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '')
      throw new Error('sqlite: needs a file path, e.g. sqlite:./data/connector.sqlite');
    return { type: 'sqlite', path };
  }
  if (!/^(mysql|mariadb):\/\//.test(trimmed)) {
    throw new Error(
      'must start with mysql:// (or mariadb://) or sqlite:, e.g. mysql://user:pass@host:3306/db',
    );
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error('is not a valid URL; expected mysql://user:pass@host:port/db');
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (url.hostname === '') throw new Error('has no host; expected mysql://user:pass@host:port/db');
  if (database === '' || database.includes('/')) {
    throw new Error('must name one database after the host, e.g. mysql://user:pass@host:3306/db');
  }
  const port = url.port === '' ? 3306 : Number(url.port);
  return {
    type: 'mysql',
    host: url.hostname,
    port,
    username: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
  };
}
