import {
  type RateBudgetMember,
  type RateBudgetStore,
  SharedRateBudget,
  shareOf,
  spendableRate,
} from './shared-rate-budget';
import { ManualTime } from './testing/manual-time';

/** The store every sender of a test shares; `cut(sender)` makes it unreachable for one. */
class MemoryStore implements RateBudgetStore {
  readonly entries = new Map<string, RateBudgetMember>();
  private readonly unreachable = new Set<string>();

  constructor(private readonly time: ManualTime) {}

  checkIn(member: RateBudgetMember): Promise<RateBudgetMember[]> {
    if (this.unreachable.has(member.sender)) return Promise.reject(new Error('connection lost'));
    this.entries.set(member.sender, member);
    const now = this.time.clock();
    return Promise.resolve([...this.entries.values()].filter((entry) => entry.activeUntilMs > now));
  }

  leave(sender: string): Promise<void> {
    if (this.unreachable.has(sender)) return Promise.reject(new Error('connection lost'));
    this.entries.delete(sender);
    return Promise.resolve();
  }

  cut(sender: string): void {
    this.unreachable.add(sender);
  }
}

/** The merchant's limit in these specs; the senders spend 19/s of it (`spendableRate`). */
const LIMIT = 20;
const SPENT = 19;
const silent = { debug: () => undefined, warn: () => undefined };

describe('shareOf', () => {
  it.each([
    [50, ['a'], 'a', 50],
    [50, ['a', 'b'], 'a', 25],
    [50, ['a', 'b', 'c'], 'a', 17],
    [50, ['a', 'b', 'c'], 'b', 17],
    [50, ['a', 'b', 'c'], 'c', 16],
    [50, ['b', 'c'], 'a', 17],
    [2, ['a', 'b', 'c', 'd'], 'd', 0.5],
  ])('of %d among %j, %s gets %d', (limit, others, sender, share) => {
    expect(shareOf(limit, others, sender)).toBe(share);
  });

  it('hands out exactly the limit, whatever the number of senders', () => {
    for (let count = 1; count <= 7; count += 1) {
      const senders = Array.from({ length: count }, (_, index) => `replica-${index}`);
      const total = senders.reduce((sum, sender) => sum + shareOf(50, senders, sender), 0);
      expect(total).toBe(50);
    }
  });
});

describe('spendableRate', () => {
  it.each([
    [1, 1],
    [5, 5],
    [10, 9],
    [20, 19],
    [50, 48],
    [100, 96],
  ])(
    'of a %d/s limit spends %d/s, keeping the rest for requests that arrive bunched',
    (limit, rate) => {
      expect(spendableRate(limit)).toBe(rate);
    },
  );
});

describe('SharedRateBudget', () => {
  function setup() {
    const time = new ManualTime(1_000_000);
    const store = new MemoryStore(time);
    const sent: { sender: string; at: number }[] = [];
    const stops: (() => void)[] = [];
    const budget = (sender: string) =>
      new SharedRateBudget({
        limitRps: LIMIT,
        store,
        sender,
        clock: time.clock,
        sleep: time.sleep,
        logger: silent,
      });
    /** `workers` loops sending through `gate` as fast as it lets them, until stopped. */
    const pump = (sender: string, gate: SharedRateBudget, workers = 4): (() => void) => {
      let running = true;
      for (let index = 0; index < workers; index += 1) {
        void (async () => {
          while (running) {
            await gate.acquire();
            if (running) sent.push({ sender, at: time.clock() });
          }
        })();
      }
      const stop = () => {
        running = false;
      };
      stops.push(stop);
      return stop;
    };
    /** The most requests any one-second window saw, from `from` on. */
    const busiestSecond = (from = 0): number => {
      const times = sent.map((entry) => entry.at).filter((at) => at >= from);
      return Math.max(
        0,
        ...times.map((at) => times.filter((t) => t >= at && t < at + 1000).length),
      );
    };
    const sentBetween = (from: number, to: number, sender?: string): number =>
      sent.filter((e) => e.at >= from && e.at < to && (sender === undefined || e.sender === sender))
        .length;
    const stopAll = () => stops.forEach((stop) => stop());
    return { time, store, sent, budget, pump, busiestSecond, sentBetween, stopAll };
  }

  it('alone, a sender has the whole limit and its first request leaves at once', async () => {
    const { time, budget, pump, sent, sentBetween, stopAll } = setup();
    const start = time.clock();
    pump('a', budget('a'));
    await time.advance(10);
    expect(sent[0]?.at).toBe(start);
    await time.advance(10_000);
    stopAll();
    expect(sentBetween(start, start + 10_000)).toBeGreaterThanOrEqual(SPENT * 10 - 1);
  });

  it('two senders share the limit: never more than it within any one second, and both use it', async () => {
    const { time, budget, pump, busiestSecond, sentBetween, stopAll } = setup();
    const start = time.clock();
    pump('a', budget('a'));
    await time.advance(3_000);
    pump('b', budget('b'));
    await time.advance(20_000);
    stopAll();
    expect(busiestSecond()).toBeLessThanOrEqual(SPENT);
    // Once b is in, each has half the limit, and together they use it all.
    const from = start + 8_000;
    const to = start + 23_000;
    expect(sentBetween(from, to, 'a')).toBeGreaterThanOrEqual(shareOf(SPENT, ['b'], 'a') * 15 - 2);
    expect(sentBetween(from, to, 'b')).toBeGreaterThanOrEqual(shareOf(SPENT, ['a'], 'b') * 15 - 2);
  });

  it('a sender that leaves returns its share at once', async () => {
    const { time, budget, pump, busiestSecond, sentBetween, stopAll } = setup();
    const b = budget('b');
    pump('a', budget('a'));
    const stopB = pump('b', b);
    await time.advance(5_000);
    stopB();
    const closed = b.close();
    await time.advance(1_000);
    await closed;
    const after = time.clock();
    await time.advance(10_000);
    stopAll();
    expect(busiestSecond()).toBeLessThanOrEqual(SPENT);
    // Within two seconds of b leaving, a sends at the whole limit.
    expect(sentBetween(after + 2_000, after + 10_000, 'a')).toBeGreaterThanOrEqual(SPENT * 8 - 2);
  });

  it('the share of a sender that dies returns within seconds, when its lease runs out', async () => {
    const { time, store, budget, pump, busiestSecond, sentBetween, stopAll } = setup();
    pump('a', budget('a'));
    const stopB = pump('b', budget('b'));
    await time.advance(5_000);
    // b's process is gone: it sends nothing more and never checks in again.
    stopB();
    store.cut('b');
    const died = time.clock();
    await time.advance(15_000);
    stopAll();
    expect(busiestSecond()).toBeLessThanOrEqual(SPENT);
    expect(sentBetween(died + 5_000, died + 15_000, 'a')).toBeGreaterThanOrEqual(SPENT * 10 - 2);
  });

  it('a 429 answered to one sender holds back the others too', async () => {
    const { time, budget, pump, sent, stopAll } = setup();
    const a = budget('a');
    pump('a', a);
    pump('b', budget('b'));
    await time.advance(5_000);
    const pausedAt = time.clock();
    a.pauseUntil(pausedAt + 3_000);
    await time.advance(6_000);
    stopAll();
    // b learns of the pause at its next check-in, half a second at most.
    const duringPause = sent.filter((e) => e.at >= pausedAt + 600 && e.at < pausedAt + 3_000);
    expect(duringPause).toEqual([]);
    expect(sent.some((e) => e.sender === 'b' && e.at >= pausedAt + 3_000)).toBe(true);
  });

  it('a sender with nothing to send leaves, and joins again when it has', async () => {
    const { time, store, budget, pump, sent } = setup();
    const a = budget('a');
    const stop = pump('a', a, 1);
    await time.advance(2_000);
    stop();
    await time.advance(5_000);
    expect(store.entries.has('a')).toBe(false);
    const before = sent.length;
    const again = a.acquire();
    await time.advance(100);
    await again;
    expect(store.entries.has('a')).toBe(true);
    expect(sent.length).toBe(before);
  });

  it('goes on with its share when the store accepts a check-in but never answers', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const { time, store, budget, pump, sentBetween, stopAll } = setup();
      store.checkIn = () => new Promise(() => undefined);
      const start = time.clock();
      pump('a', budget('a'));
      jest.advanceTimersByTime(2_000);
      await time.advance(5_000);
      stopAll();
      expect(sentBetween(start, start + 5_000)).toBeGreaterThan(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('goes on with its share when the store cannot be reached', async () => {
    const { time, store, budget, pump, sentBetween, stopAll } = setup();
    store.cut('a');
    const start = time.clock();
    pump('a', budget('a'));
    await time.advance(5_000);
    stopAll();
    expect(sentBetween(start, start + 5_000)).toBeGreaterThanOrEqual(SPENT * 5 - 1);
  });
});
