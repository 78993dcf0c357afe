import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { serializeSqliteTransactions } from './sqlite-transactions';

/** A promise with its resolve function, to hold a transaction open at a chosen point. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('serializeSqliteTransactions', () => {
  let dir: string;
  let file: string;
  let dataSource: DataSource;
  let outside: Database.Database;

  const names = (): string[] =>
    (outside.prepare('SELECT name FROM notes ORDER BY name').all() as { name: string }[]).map(
      (row) => row.name,
    );

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-tx-'));
    file = join(dir, 'db.sqlite');
    dataSource = new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true });
    await dataSource.initialize();
    serializeSqliteTransactions(dataSource);
    await dataSource.query('CREATE TABLE notes (name TEXT PRIMARY KEY)');
    outside = new Database(file, { timeout: 0 });
  });

  afterEach(async () => {
    outside.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a transaction is committed, for every other connection, when it resolves', async () => {
    const first = gate();
    const second = gate();
    const a = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('a')`);
      await first.opened;
    });
    const b = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('b')`);
      await second.opened;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.open();
    await a;
    expect(names()).toEqual(['a']);
    second.open();
    await b;
    expect(names()).toEqual(['a', 'b']);
  });

  it("one transaction's rollback never takes back another's writes", async () => {
    const held = gate();
    const kept = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('kept')`);
      await held.opened;
    });
    const failed = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('lost')`);
      throw new Error('refused');
    });
    held.open();
    await kept;
    await expect(failed).rejects.toThrow('refused');
    expect(names()).toEqual(['kept']);
  });

  it('a plain write made while a transaction is open is not part of it', async () => {
    const inserted = gate();
    const held = gate();
    const failed = dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('lost')`);
      inserted.open();
      await held.opened;
      throw new Error('refused');
    });
    await inserted.opened;
    const plain = dataSource.query(`INSERT INTO notes (name) VALUES ('plain')`);
    held.open();
    await expect(failed).rejects.toThrow('refused');
    await plain;
    expect(names()).toEqual(['plain']);
  });

  it('a transaction takes the write lock at its start, so it never fails half-way on a lock', async () => {
    const held = gate();
    const work = dataSource.transaction(async (manager) => {
      await manager.query('SELECT COUNT(*) FROM notes');
      await held.opened;
      await manager.query(`INSERT INTO notes (name) VALUES ('mine')`);
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(() => outside.prepare(`INSERT INTO notes (name) VALUES ('theirs')`).run()).toThrow(
      /database is locked/,
    );
    held.open();
    await work;
    expect(names()).toEqual(['mine']);
  });

  it('nested transactions of one caller are savepoints of its transaction', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO notes (name) VALUES ('outer')`);
      await manager
        .transaction(async (inner) => {
          await inner.query(`INSERT INTO notes (name) VALUES ('inner')`);
          throw new Error('inner refused');
        })
        .catch(() => undefined);
    });
    expect(names()).toEqual(['outer']);
  });
});
