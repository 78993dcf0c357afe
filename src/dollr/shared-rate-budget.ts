import { RateLimiter, type RequestGate, WINDOW_MS } from './rate-limiter';
import type { Clock, Sleep } from './timing';
import type { DollrLogger } from './transport';

/**
 * Dollr's rate limit is the merchant's, so several connectors sending for one merchant (replicas
 * of the service, a CLI command beside it) share one budget. Each sender checks in to a store
 * they all reach (the database, or Redis) while it has requests to send, and takes an equal
 * share of the limit; its own RateLimiter keeps it within that share. A sender that dies stops
 * checking in and its share returns to the others when its lease runs out, within seconds.
 *
 * The handovers never let the sum exceed the limit within any one second:
 * - a sender joining others waits until each of them has checked in since it joined (and so has
 *   lowered its share), then one more second, for their last second at the old share to pass;
 * - a sender whose share grows takes the larger share only a second after it learned of it;
 * - a sender whose lease ran out (a stalled process) joins again before it sends;
 * - a check-in the store does not answer within 2 s counts as failed: the sender then goes on
 *   with the share it had rather than wait.
 * Two senders joining at once cannot both think they are alone: each writes before it reads.
 *
 * A 429 pause is published with the next check-in, made at once, and every sender holds back
 * its requests until it ends.
 */

export interface RateBudgetMember {
  readonly sender: string;
  /** When this sender's share lapses unless it checks in again (epoch ms). */
  readonly activeUntilMs: number;
  /** When it last checked in. */
  readonly checkedInAtMs: number;
  /** Until when a 429 it was answered holds back every sender (0 for none). */
  readonly pausedUntilMs: number;
}

/** Where the senders of one merchant meet. */
export interface RateBudgetStore {
  /** Writes this sender's entry, then answers every entry still active, its own included. */
  checkIn(member: RateBudgetMember): Promise<RateBudgetMember[]>;
  /** Removes this sender's entry: its share returns to the others at once. */
  leave(sender: string): Promise<void>;
}

/**
 * What the senders together spend of the merchant's limit: 4 % (at least one request a second) is
 * kept back from limits of 10/s and more, because requests sent a second apart can arrive closer
 * together (a busy event loop, the network), and the limit is counted where they arrive.
 */
export function spendableRate(limit: number): number {
  return limit >= 10 ? limit - Math.max(1, Math.floor(limit * 0.04)) : limit;
}

/** The Nest token of the store, provided (globally) where one is configured. */
export const RATE_BUDGET_STORE = Symbol('RATE_BUDGET_STORE');

/**
 * This sender's share of `limit` requests per second among `senders`: equal whole shares, the
 * remainder one each to the first senders by name; a fraction each when there are more senders
 * than requests.
 */
export function shareOf(limit: number, senders: readonly string[], sender: string): number {
  const names = [...new Set([...senders, sender])].sort();
  const count = names.length;
  const whole = Math.floor(limit / count);
  if (whole < 1) return limit / count;
  const rank = names.indexOf(sender);
  return whole + (rank < Math.floor(limit) - whole * count ? 1 : 0);
}

/** How the budget stood at the last check-in, for `doctor`. */
export interface RateBudgetStatus {
  /** The merchant's limit, requests per second. */
  readonly limitRps: number;
  /** What all senders together spend of it. */
  readonly spendableRps: number;
  /** This sender's share. */
  readonly shareRps: number;
  /** Senders active at the last check-in, this one included. */
  readonly senders: number;
  /** False when the last check-in could not reach the store. */
  readonly storeReachable: boolean;
}

/** A check-in not answered within this is a failure, like one answered with an error. */
const CHECK_IN_TIMEOUT_MS = 2000;

/** `work`, or a rejection if it has not settled within `ms` (a store that accepts but never answers). */
function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export interface SharedRateBudgetOptions {
  /** The merchant's limit, shared by every sender (less what `spendableRate` keeps back). */
  readonly limitRps: number;
  readonly store: RateBudgetStore;
  /** This sender's name, unique among those sharing the budget (host and pid). */
  readonly sender: string;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly logger: DollrLogger;
  /** How often an active sender checks in. Default 500 ms. */
  readonly checkInEveryMs?: number;
  /** How long a check-in holds a share. Default 3 s. */
  readonly leaseMs?: number;
  /** A sender with nothing to send for this long leaves, returning its share. Default 2 s. */
  readonly idleAfterMs?: number;
}

export class SharedRateBudget implements RequestGate {
  private readonly local: RateLimiter;
  private readonly checkInEveryMs: number;
  private readonly leaseMs: number;
  private readonly idleAfterMs: number;
  private readonly limit: number;
  private share: number;
  /** A larger share learned at `at`, taken a second later. */
  private raise: { share: number; at: number } | undefined;
  private leaseUntil = 0;
  private pausedUntil = 0;
  private waiting = 0;
  private lastDemandAt = 0;
  private loop: Promise<void> | undefined;
  private admission: Promise<void> | undefined;
  private storeFailing = false;
  private senders = 1;
  private closed = false;

  constructor(private readonly options: SharedRateBudgetOptions) {
    this.checkInEveryMs = options.checkInEveryMs ?? 500;
    this.leaseMs = options.leaseMs ?? 3000;
    this.idleAfterMs = options.idleAfterMs ?? 2000;
    this.limit = spendableRate(options.limitRps);
    this.share = this.limit;
    this.local = new RateLimiter(this.limit, options.clock, options.sleep);
  }

  status(): RateBudgetStatus {
    return {
      limitRps: this.options.limitRps,
      spendableRps: this.limit,
      shareRps: this.share,
      senders: this.senders,
      storeReachable: !this.storeFailing,
    };
  }

  async acquire(): Promise<void> {
    this.waiting += 1;
    this.lastDemandAt = this.options.clock();
    try {
      this.loop ??= this.run();
      for (;;) {
        await this.admitted();
        await this.local.acquire();
        // The process may have stalled past its lease while it waited for its slot.
        if (this.closed || this.storeFailing || this.options.clock() < this.leaseUntil) break;
      }
    } finally {
      this.waiting -= 1;
      this.lastDemandAt = this.options.clock();
    }
  }

  /**
   * Without a lease (the first request, after an idle spell or a stall) the sender joins before
   * it sends, and every request waits for that. While the store cannot be reached the sender
   * goes on with the share it had.
   */
  private async admitted(): Promise<void> {
    while (!this.closed) {
      if (this.admission !== undefined) {
        await this.admission;
        continue;
      }
      if (this.storeFailing || this.options.clock() < this.leaseUntil) return;
      this.admission = this.join().finally(() => {
        this.admission = undefined;
      });
    }
  }

  pauseUntil(untilMs: number): void {
    this.local.pauseUntil(untilMs);
    if (untilMs <= this.pausedUntil) return;
    this.pausedUntil = untilMs;
    if (this.options.clock() < this.leaseUntil) void this.checkIn();
  }

  remainingPauseMs(): number {
    return this.local.remainingPauseMs();
  }

  /** Leaves the budget (at shutdown): the others take this sender's share at once. */
  async close(): Promise<void> {
    this.closed = true;
    await this.leave();
  }

  /** Checks in until the others have seen this sender, then waits out their last second. */
  private async join(): Promise<void> {
    const { clock, sleep } = this.options;
    const others = await this.checkIn();
    if (others === undefined) return; // The store failed: `acquire` goes on with the old share.
    if (others.length === 0) return;
    const joinedAt = clock();
    let waiting = others;
    while (waiting.some((other) => other.checkedInAtMs < joinedAt) && !this.closed) {
      await sleep(this.checkInEveryMs / 2);
      const now = await this.checkIn();
      if (now === undefined) return;
      waiting = now;
    }
    await sleep(WINDOW_MS);
    // The join took long enough for the lease to need renewing before the first request.
    if (clock() + this.checkInEveryMs >= this.leaseUntil) await this.checkIn();
  }

  /** Renews the lease while there is demand; leaves after an idle spell. */
  private async run(): Promise<void> {
    const { clock, sleep } = this.options;
    while (!this.closed) {
      await sleep(this.checkInEveryMs);
      if (this.closed) break;
      if (this.waiting === 0 && clock() - this.lastDemandAt >= this.idleAfterMs) {
        await this.leave();
        // Cleared here, not in a `finally`, so a request arriving from now on starts a new loop.
        if (this.waiting === 0) break;
      } else if (this.admission === undefined) {
        if (clock() >= this.leaseUntil && !this.storeFailing) {
          // The lease ran out (a stall): the others may have taken this share; join again.
          this.admission = this.join().finally(() => {
            this.admission = undefined;
          });
          await this.admission;
        } else {
          await this.checkIn();
        }
      }
    }
    this.loop = undefined;
  }

  /**
   * Writes this sender's entry and applies what it learns: its share and any pause. Answers the
   * other active senders, or undefined when the store could not be reached.
   */
  private async checkIn(): Promise<RateBudgetMember[] | undefined> {
    const { clock, store, sender } = this.options;
    const at = clock();
    let entries: RateBudgetMember[];
    try {
      entries = await withinMs(
        store.checkIn({
          sender,
          activeUntilMs: at + this.leaseMs,
          checkedInAtMs: at,
          pausedUntilMs: this.pausedUntil,
        }),
        CHECK_IN_TIMEOUT_MS,
      );
    } catch (error) {
      if (!this.storeFailing) {
        this.options.logger.warn(
          `The shared Dollr rate budget could not be reached (${(error as Error).message}); ` +
            `going on with this sender's share of ${this.share} requests/s`,
        );
      }
      this.storeFailing = true;
      return undefined;
    }
    this.storeFailing = false;
    this.leaseUntil = at + this.leaseMs;
    const now = clock();
    const others = entries.filter((entry) => entry.sender !== sender && entry.activeUntilMs > now);
    this.senders = others.length + 1;
    this.applyShare(
      shareOf(
        this.limit,
        others.map((other) => other.sender),
        sender,
      ),
      now,
    );
    const pausedUntil = Math.max(0, ...others.map((other) => other.pausedUntilMs));
    if (pausedUntil > now) this.local.pauseUntil(pausedUntil);
    return others;
  }

  private applyShare(share: number, now: number): void {
    if (share <= this.share) {
      this.raise = undefined;
      if (share < this.share) this.setShare(share);
      return;
    }
    if (this.raise === undefined) {
      this.raise = { share, at: now };
    } else if (now - this.raise.at >= WINDOW_MS) {
      this.raise = undefined;
      this.setShare(share);
    } else {
      this.raise = { share, at: this.raise.at };
    }
  }

  private setShare(share: number): void {
    this.share = share;
    this.local.setRate(share);
  }

  private async leave(): Promise<void> {
    this.leaseUntil = 0;
    try {
      await this.options.store.leave(this.options.sender);
    } catch {
      // Its lease runs out on its own within seconds.
    }
  }
}
