import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { RateBudgetMember, RateBudgetStore } from '../dollr/shared-rate-budget';

/** The hash expires when no process has checked in for this long. */
const KEY_TTL_SECONDS = 60;

/**
 * The rate budget in Redis: one hash per merchant (named by a digest of the client id, so several
 * merchants' connectors can share one Redis), one field per process. A check-in writes its field
 * and reads the hash in one MULTI, so of two processes joining at once the second sees the first.
 */
export class RedisRateBudgetStore implements RateBudgetStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    merchant: string,
  ) {
    const digest = createHash('sha256').update(merchant).digest('hex').slice(0, 16);
    this.key = `dollr-connector:rate-budget:${digest}`;
  }

  static connect(url: string, merchant: string): RedisRateBudgetStore {
    const redis = new Redis(url, {
      // Connected at the first check-in, so a process that never calls Dollr never connects.
      lazyConnect: true,
      // A check-in that cannot be made fails soon; the budget goes on with its last share.
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 2000,
    });
    redis.on('error', () => undefined); // Each failed check-in is reported by the budget.
    return new RedisRateBudgetStore(redis, merchant);
  }

  async checkIn(member: RateBudgetMember): Promise<RateBudgetMember[]> {
    const result = await this.redis
      .multi()
      .hset(this.key, member.sender, JSON.stringify(member))
      .expire(this.key, KEY_TTL_SECONDS)
      .hgetall(this.key)
      .exec();
    const [error, all] = result?.[2] ?? [new Error('Redis answered no reply to the check-in')];
    if (error) throw error;
    const entries = Object.values((all ?? {}) as Record<string, string>).map(
      (text) => JSON.parse(text) as RateBudgetMember,
    );
    const stale = entries.filter((entry) => entry.activeUntilMs <= member.checkedInAtMs);
    if (stale.length > 0) await this.redis.hdel(this.key, ...stale.map((entry) => entry.sender));
    return entries.filter((entry) => entry.activeUntilMs > member.checkedInAtMs);
  }

  async leave(sender: string): Promise<void> {
    await this.redis.hdel(this.key, sender);
  }

  close(): void {
    this.redis.disconnect();
  }
}
