import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl } from '../../src/config/database-url';

/**
 * A fresh, empty database for one test file. SQLite by default; when TEST_DATABASE_URL names a
 * MySQL/MariaDB server, a new database is created on that server (and dropped afterwards), so
 * every database test runs on MySQL in that pass and none skips.
 */
export interface TestDatabase {
  readonly url: string;
  readonly type: 'sqlite' | 'mysql';
  drop(): Promise<void>;
}

export function expectedDatabaseType(): 'sqlite' | 'mysql' {
  const url = process.env.TEST_DATABASE_URL;
  return url === undefined || url === '' ? 'sqlite' : parseDatabaseUrl(url).type;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = process.env.TEST_DATABASE_URL;
  if (base === undefined || base === '' || base.startsWith('sqlite:')) {
    const dir = mkdtempSync(join(tmpdir(), 'dollr-connector-test-'));
    return {
      url: `sqlite:${join(dir, 'test.sqlite')}`,
      type: 'sqlite',
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const target = parseDatabaseUrl(base);
  if (target.type !== 'mysql') throw new Error('unreachable');
  const name = `dc_test_${randomBytes(6).toString('hex')}`;
  const connection = await createConnection({
    host: target.host,
    port: target.port,
    user: target.username,
    password: target.password,
  });
  try {
    await connection.query(
      `CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    type: 'mysql',
    drop: async () => {
      const admin = await createConnection({
        host: target.host,
        port: target.port,
        user: target.username,
        password: target.password,
      });
      try {
        await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await admin.end();
      }
    },
  };
}
