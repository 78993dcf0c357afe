import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type MigratedDatabase, openMigratedDatabase } from '../../test/support/migrated-database';
import type { RateBudgetMember, RateBudgetStore } from '../dollr/shared-rate-budget';
import { DatabaseRateBudgetStore } from './database-rate-budget-store';
import { RedisRateBudgetStore } from './redis-rate-budget-store';

const NOW = 1_800_000_000_000;

function member(sender: string, at: number, pausedUntilMs = 0): RateBudgetMember {
  return { sender, activeUntilMs: at + 3000, checkedInAtMs: at, pausedUntilMs };
}

const senders = (entries: RateBudgetMember[]): string[] =>
  entries.map((entry) => entry.sender).sort();

/** What every store must do, whichever server keeps it. */
function behavesAsABudgetStore(open: () => { store: RateBudgetStore; other: RateBudgetStore }) {
  it('answers every active sender, its own entry included, and the pause each recorded', async () => {
    const { store, other } = open();
    expect(senders(await store.checkIn(member('a', NOW)))).toEqual(['a']);
    // The second to check in sees the first: two joining at once cannot both think they are alone.
    const seen = await other.checkIn(member('b', NOW + 100, NOW + 5000));
    expect(senders(seen)).toEqual(['a', 'b']);
    expect(seen.find((entry) => entry.sender === 'b')).toEqual(member('b', NOW + 100, NOW + 5000));
    const again = await store.checkIn(member('a', NOW + 500));
    expect(again.find((entry) => entry.sender === 'b')?.pausedUntilMs).toBe(NOW + 5000);
  });

  it('forgets a sender that left, and one whose lease ran out', async () => {
    const { store, other } = open();
    await store.checkIn(member('a', NOW));
    await other.checkIn(member('b', NOW));
    await other.leave('b');
    expect(senders(await store.checkIn(member('a', NOW + 500)))).toEqual(['a']);
    await other.checkIn(member('b', NOW + 500));
    // b stops checking in: 3 s later its lease has run out.
    expect(senders(await store.checkIn(member('a', NOW + 3600)))).toEqual(['a']);
  });
}

describe('DatabaseRateBudgetStore', () => {
  let db: MigratedDatabase;

  beforeAll(async () => {
    db = await openMigratedDatabase();
  });
  afterAll(() => db.close());
  beforeEach(() => db.dataSource.query('DELETE FROM dollr_rate_budget'));

  behavesAsABudgetStore(() => ({
    store: new DatabaseRateBudgetStore(db.dataSource),
    other: new DatabaseRateBudgetStore(db.dataSource),
  }));

  it('removes entries whose lease ran out a minute ago', async () => {
    const store = new DatabaseRateBudgetStore(db.dataSource);
    await store.checkIn(member('gone', NOW));
    await store.checkIn(member('a', NOW + 70_000));
    const rows: unknown[] = await db.dataSource.query('SELECT sender FROM dollr_rate_budget');
    expect(rows).toHaveLength(1);
  });
});

describe('RedisRateBudgetStore (Redis on 127.0.0.1:6379)', () => {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const stores: RedisRateBudgetStore[] = [];
  let merchant = '';

  beforeEach(() => {
    merchant = `spec-${randomUUID()}`;
  });
  afterAll(() => stores.forEach((store) => store.close()));

  const connect = (name: string): RedisRateBudgetStore => {
    const store = RedisRateBudgetStore.connect(url, name);
    stores.push(store);
    return store;
  };

  behavesAsABudgetStore(() => ({ store: connect(merchant), other: connect(merchant) }));

  it('keeps the senders of different merchants apart', async () => {
    await connect(merchant).checkIn(member('a', NOW));
    const elsewhere = await connect(`${merchant}-other`).checkIn(member('x', NOW));
    expect(senders(elsewhere)).toEqual(['x']);
  });

  it('fails a check-in when Redis cannot be reached, rather than waiting', async () => {
    const unreachable = RedisRateBudgetStore.connect('redis://127.0.0.1:1', merchant);
    stores.push(unreachable);
    const started = Date.now();
    await expect(unreachable.checkIn(member('a', NOW))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('names no merchant in its keys', async () => {
    await connect(merchant).checkIn(member('a', NOW));
    const redis = new Redis(url);
    try {
      const keys = await redis.keys('dollr-connector:rate-budget:*');
      expect(keys.some((key) => key.includes(merchant))).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
