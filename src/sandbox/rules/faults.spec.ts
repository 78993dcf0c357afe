import {
  applyFaults,
  burstRetryAfterSeconds,
  decideFault,
  FaultSyntaxError,
  NO_FAULTS,
  parseDurationMs,
  RateWindow,
  seededRandom,
} from './faults';

describe('faults', () => {
  it('parses the command-line syntax', () => {
    expect(
      applyFaults(NO_FAULTS, 'latency=50,error5xx=0.05,rate429=0.02,drop=0.02,tokenTtl=30s,seed=7'),
    ).toEqual({
      ...NO_FAULTS,
      latencyMs: 50,
      error5xx: 0.05,
      rate429: 0.02,
      drop: 0.02,
      tokenTtlSeconds: 30,
      seed: 7,
    });
  });

  it('merges a JSON object over the current settings', () => {
    const base = applyFaults(NO_FAULTS, 'latency=50,drop=1');
    expect(applyFaults(base, { drop: 0, dropMode: '504', retryAfter: '2m' })).toMatchObject({
      latencyMs: 50,
      drop: 0,
      dropMode: '504',
      retryAfterSeconds: 120,
    });
  });

  it.each([
    ['drop=2', 'drop must be a probability between 0 and 1, got "2"'],
    ['bogus=1', 'unknown fault "bogus"'],
    ['latency', '"latency" is not key=value'],
    ['tokenTtl=soon', '"soon" is not a duration'],
    ['dropMode=later', 'dropMode must be "close" or "504"'],
    ['burst429=1s', 'burst429 must be DURATION/PERIOD'],
    ['burst429=20s/20s', "burst429's duration must be above 0 and shorter than its period"],
  ])('refuses %s', (spec, message) => {
    expect(() => applyFaults(NO_FAULTS, spec)).toThrow(FaultSyntaxError);
    expect(() => applyFaults(NO_FAULTS, spec)).toThrow(message);
  });

  it.each([
    ['30s', 1000, 30_000],
    ['250ms', 1000, 250],
    ['2m', 1000, 120_000],
    ['1h', 1, 3_600_000],
    ['45', 1000, 45_000],
    ['45', 1, 45],
  ])('duration %s (bare unit %s ms) is %s ms', (text, unit, ms) => {
    expect(parseDurationMs(text, unit)).toBe(ms);
  });

  it('gives the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBe(5);
  });

  it.each([
    [{ rate429: 1 }, { kind: 'rate429', retryAfterSeconds: 1 }],
    [{ drop: 1 }, { kind: 'drop', mode: 'close' }],
    [
      { drop: 1, dropMode: '504' as const },
      { kind: 'drop', mode: '504' },
    ],
    [{}, { kind: 'none' }],
  ])('decides %j -> %j', (changes, decision) => {
    expect(decideFault({ ...NO_FAULTS, ...changes }, seededRandom(1))).toEqual(decision);
  });

  it('answers 5xx with one of 500, 502, 503', () => {
    const random = seededRandom(3);
    const statuses = new Set(
      Array.from({ length: 50 }, () => {
        const decision = decideFault({ ...NO_FAULTS, error5xx: 1 }, random);
        return decision.kind === 'error5xx' ? decision.status : 0;
      }),
    );
    expect([...statuses].sort()).toEqual([500, 502, 503]);
  });

  it('hits a probability close to its rate', () => {
    const random = seededRandom(9);
    const drops = Array.from({ length: 2000 }, () =>
      decideFault({ ...NO_FAULTS, drop: 0.1 }, random),
    ).filter((d) => d.kind === 'drop').length;
    expect(drops).toBeGreaterThan(150);
    expect(drops).toBeLessThan(250);
  });

  it('limits requests per second per key', () => {
    const window = new RateWindow();
    expect([1, 2, 3].map(() => window.exceeded('a', 2, 1_000))).toEqual([false, false, true]);
    expect(window.exceeded('b', 2, 1_000)).toBe(false);
    expect(window.exceeded('a', 2, 2_000)).toBe(false);
    expect(window.exceeded('a', 0, 2_000)).toBe(false);
  });

  describe('429 bursts', () => {
    const bursts = applyFaults(NO_FAULTS, 'burst429=1500ms/20s');

    it('parses DURATION/PERIOD, and off', () => {
      expect(bursts.burst429).toEqual({ durationMs: 1500, periodMs: 20_000 });
      expect(applyFaults(bursts, 'burst429=off').burst429).toBeUndefined();
    });

    it('answers 429 during the first DURATION of each PERIOD, with the seconds left', () => {
      expect(burstRetryAfterSeconds(bursts, 40_000)).toBe(2);
      expect(burstRetryAfterSeconds(bursts, 40_600)).toBe(1);
      expect(burstRetryAfterSeconds(bursts, 41_499)).toBe(1);
      expect(burstRetryAfterSeconds(bursts, 41_500)).toBeNull();
      expect(burstRetryAfterSeconds(bursts, 59_999)).toBeNull();
      expect(burstRetryAfterSeconds(bursts, 60_000)).toBe(2);
      expect(burstRetryAfterSeconds(NO_FAULTS, 40_000)).toBeNull();
    });
  });
});
