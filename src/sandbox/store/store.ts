import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SCHEMA_SQL, SCHEMA_VERSION } from './schema';

export type SqlValue = string | number | bigint | null;

/**
 * The sandbox's SQLite state. Every request runs in one `BEGIN IMMEDIATE` transaction, so several
 * processes on the same file see one consistent world, and the idempotency check and the insert of
 * an execution can never interleave.
 */
export class Store {
  private readonly db: Database.Database;

  constructor(path: string) {
    const inMemory = path === ':memory:' || path === '';
    if (!inMemory) mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(inMemory ? ':memory:' : path);
    this.db.pragma('busy_timeout = 10000');
    if (!inMemory) this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.transaction(() => {
      this.db.exec(SCHEMA_SQL);
      const version = this.meta('schema_version');
      if (version !== undefined && Number(version) !== SCHEMA_VERSION) {
        throw new Error(`sandbox state has schema ${version}, expected ${SCHEMA_VERSION}`);
      }
      this.setMeta('schema_version', String(SCHEMA_VERSION));
    });
  }

  /** Runs `work` in a write transaction (BEGIN IMMEDIATE); a throw rolls everything back. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  get<T>(sql: string, ...params: SqlValue[]): T | undefined {
    return this.db.prepare(sql).get(...params) as T | undefined;
  }

  all<T>(sql: string, ...params: SqlValue[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  run(sql: string, ...params: SqlValue[]): number {
    return this.db.prepare(sql).run(...params).changes;
  }

  /** Inserts a row and returns its id. */
  insert(table: string, row: Readonly<Record<string, SqlValue>>): number {
    const columns = Object.keys(row);
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns
      .map(() => '?')
      .join(', ')})`;
    return Number(this.db.prepare(sql).run(...Object.values(row)).lastInsertRowid);
  }

  /** Updates the named columns of one row by id. */
  update(table: string, id: number, changes: Readonly<Record<string, SqlValue>>): void {
    const columns = Object.keys(changes);
    if (columns.length === 0) return;
    const sql = `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;
    this.db.prepare(sql).run(...Object.values(changes), id);
  }

  meta(key: string): string | undefined {
    return this.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.run(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      key,
      value,
    );
  }

  deleteMeta(prefix: string): void {
    this.run('DELETE FROM meta WHERE key LIKE ?', `${prefix}%`);
  }

  /** The next value of a named counter kept in `meta`. */
  nextInSequence(name: string): number {
    const next = Number(this.meta(`seq:${name}`) ?? '0') + 1;
    this.setMeta(`seq:${name}`, String(next));
    return next;
  }

  /** The token signing key, created once per state. */
  signingKey(): Buffer {
    return this.transaction(() => {
      const existing = this.meta('signing_key');
      if (existing) return Buffer.from(existing, 'base64');
      const key = randomBytes(32);
      this.setMeta('signing_key', key.toString('base64'));
      return key;
    });
  }

  close(): void {
    this.db.close();
  }
}
