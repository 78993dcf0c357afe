import type { DataSource, QueryRunner } from 'typeorm';

/**
 * TypeORM's better-sqlite3 driver hands every caller the same query runner on the one connection.
 * Two concurrent transactions in one process then nest as savepoints of each other: a worker's
 * "commit" may only release a savepoint (its write is not durable yet when it goes on to call
 * Dollr), another worker's rollback takes it back, and a plain write made meanwhile joins
 * whichever transaction happens to be open. Deferred transactions also fail with "database is
 * locked" instead of waiting when another process wrote between their first read and first write.
 *
 * After `serializeSqliteTransactions`, each caller gets its own view of the runner (own transaction
 * state, shared connection and statement cache). A transaction holds the connection from BEGIN to
 * COMMIT or ROLLBACK; statements of other callers wait for it. Transactions start with
 * BEGIN IMMEDIATE, so the write lock is taken (or waited for) up front.
 */
export function serializeSqliteTransactions(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const driver = dataSource.driver as unknown as {
    createQueryRunner(mode: string): QueryRunner;
    serializedTransactions?: true;
  };
  if (driver.serializedTransactions) return;
  driver.serializedTransactions = true;

  const lock = new ConnectionLock();
  const shared = driver.createQueryRunner.call(driver, 'master');
  const sharedQuery = shared.query.bind(shared) as (...args: unknown[]) => Promise<unknown>;

  driver.createQueryRunner = () => {
    // Own transaction state; the connection, statement cache and schema helpers are shared.
    const runner = Object.create(shared) as QueryRunner;
    Object.assign(runner, {
      isReleased: false,
      isTransactionActive: false,
      transactionDepth: 0,
      data: {},
      loadedTables: [],
      loadedViews: [],
    });
    let release: (() => void) | null = null;
    const endTransaction = (): void => {
      release?.();
      release = null;
    };

    runner.query = async (sql: string, ...rest: unknown[]): Promise<never> => {
      if (release !== null) {
        // This runner's own transaction: it holds the connection.
        let ended = false;
        try {
          const result = (await sharedQuery(sql, ...rest)) as never;
          ended = sql === 'COMMIT';
          return result;
        } finally {
          // A failed COMMIT leaves the transaction open for the ROLLBACK that follows.
          if (ended || sql === 'ROLLBACK') endTransaction();
        }
      }
      const done = await lock.acquire();
      if (sql !== 'BEGIN TRANSACTION') {
        try {
          return (await sharedQuery(sql, ...rest)) as never;
        } finally {
          done();
        }
      }
      release = done;
      try {
        return (await sharedQuery('BEGIN IMMEDIATE TRANSACTION', ...rest)) as never;
      } catch (error) {
        endTransaction();
        throw error;
      }
    };
    return runner;
  };
}

/** A first-come, first-served lock on the connection. */
class ConnectionLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => released);
    return previous.then(() => release);
  }
}
