/**
 * Fault injection (README.md, "Faults"): settings, their `key=value,...` text form, a seedable
 * random source, and the per-request decision. Faults apply to `/v1` only, never to `/__sandbox`.
 */

export interface FaultSettings {
  /** Added to every affected request before it is handled, in milliseconds. */
  readonly latencyMs: number;
  /** Probability of a 500/502/503 answered before the request is handled (nothing is applied). */
  readonly error5xx: number;
  /** Probability of a 429 with `Retry-After`, answered before the request is handled. */
  readonly rate429: number;
  /** Probability that the request is handled and committed, then its response lost. */
  readonly drop: number;
  /** How a dropped response is lost: the socket is destroyed, or a 504 is sent. */
  readonly dropMode: 'close' | '504';
  /**
   * 429 bursts: for the first `durationMs` of every `periodMs` (wall clock), every request is
   * answered 429 with a `Retry-After` saying when the burst ends. Undefined: no bursts.
   */
  readonly burst429: { readonly durationMs: number; readonly periodMs: number } | undefined;
  /** The `Retry-After` value of injected 429s, in seconds. */
  readonly retryAfterSeconds: number;
  /** A real limit: requests per second per merchant beyond which a 429 is sent (0 = none). */
  readonly rps: number;
  /** Overrides the token lifetime for tokens issued from now on, in seconds. */
  readonly tokenTtlSeconds: number | undefined;
  /** Faults apply only to paths that start with this prefix. */
  readonly only: string;
  /** Seed of the random source; the same seed gives the same sequence of faults. */
  readonly seed: number | undefined;
}

export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  error5xx: 0,
  rate429: 0,
  burst429: undefined,
  drop: 0,
  dropMode: 'close',
  retryAfterSeconds: 1,
  rps: 0,
  tokenTtlSeconds: undefined,
  only: '/v1/',
  seed: undefined,
};

export class FaultSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSyntaxError';
  }
}

const KEYS = [
  'latency',
  'error5xx',
  'rate429',
  'burst429',
  'drop',
  'dropMode',
  'retryAfter',
  'rps',
  'tokenTtl',
  'only',
  'seed',
] as const;
type FaultKey = (typeof KEYS)[number];

/** "30s" -> 30_000, "2m" -> 120_000, "250ms" -> 250; a bare number is in `bareUnitMs`. */
export function parseDurationMs(value: string, bareUnitMs: number): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!match) throw new FaultSyntaxError(`"${value}" is not a duration (e.g. 500ms, 30s, 2m)`);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  return Math.round(Number(match[1]) * (match[2] ? units[match[2]] : bareUnitMs));
}

function probability(key: string, value: string): number {
  const p = Number(value);
  if (value.trim() === '' || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new FaultSyntaxError(`${key} must be a probability between 0 and 1, got "${value}"`);
  }
  return p;
}

/** "1s/20s": a 1-second burst every 20 seconds; "off" or "0" for none. */
function parseBurst(value: string): FaultSettings['burst429'] {
  if (value.trim() === 'off' || value.trim() === '0') return undefined;
  const parts = value.split('/');
  if (parts.length !== 2) {
    throw new FaultSyntaxError(`burst429 must be DURATION/PERIOD (e.g. 1s/20s), got "${value}"`);
  }
  const durationMs = parseDurationMs(parts[0], 1000);
  const periodMs = parseDurationMs(parts[1], 1000);
  if (durationMs <= 0 || durationMs >= periodMs) {
    throw new FaultSyntaxError(
      `burst429's duration must be above 0 and shorter than its period, got "${value}"`,
    );
  }
  return { durationMs, periodMs };
}

function wholeNumber(key: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) {
    throw new FaultSyntaxError(`${key} must be a whole number, got "${value}"`);
  }
  return Number(value);
}

function applyKey(settings: FaultSettings, key: FaultKey, value: string): FaultSettings {
  switch (key) {
    case 'latency':
      return { ...settings, latencyMs: parseDurationMs(value, 1) };
    case 'error5xx':
    case 'rate429':
    case 'drop':
      return { ...settings, [key]: probability(key, value) };
    case 'burst429':
      return { ...settings, burst429: parseBurst(value) };
    case 'dropMode':
      if (value !== 'close' && value !== '504') {
        throw new FaultSyntaxError(`dropMode must be "close" or "504", got "${value}"`);
      }
      return { ...settings, dropMode: value };
    case 'retryAfter':
      return { ...settings, retryAfterSeconds: Math.ceil(parseDurationMs(value, 1000) / 1000) };
    case 'rps':
      return { ...settings, rps: wholeNumber(key, value) };
    case 'tokenTtl': {
      const seconds = Math.ceil(parseDurationMs(value, 1000) / 1000);
      return { ...settings, tokenTtlSeconds: seconds > 0 ? seconds : undefined };
    }
    case 'only':
      return { ...settings, only: value };
    case 'seed':
      return { ...settings, seed: wholeNumber(key, value) };
  }
}

function isFaultKey(key: string): key is FaultKey {
  return (KEYS as readonly string[]).includes(key);
}

/**
 * Applies changes given as text (`latency=50,drop=0.02,tokenTtl=30s`) or as a JSON object
 * (`{"latency": 50, "drop": 0.02}`) on top of `base`. Unknown keys are refused.
 */
export function applyFaults(
  base: FaultSettings,
  changes: string | Readonly<Record<string, unknown>>,
): FaultSettings {
  const pairs: Array<[string, string]> =
    typeof changes === 'string'
      ? changes
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
          .map((part) => {
            const at = part.indexOf('=');
            if (at < 0) throw new FaultSyntaxError(`"${part}" is not key=value`);
            return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
          })
      : Object.entries(changes).map(([key, value]) => [key, String(value)]);
  return pairs.reduce((settings, [key, value]) => {
    if (!isFaultKey(key)) {
      throw new FaultSyntaxError(`unknown fault "${key}"; known: ${KEYS.join(', ')}`);
    }
    return applyKey(settings, key, value);
  }, base);
}

/** The settings in their JSON form, as served by `GET /__sandbox/faults`. */
export function describeFaults(settings: FaultSettings): Record<string, unknown> {
  return {
    latency: settings.latencyMs,
    error5xx: settings.error5xx,
    rate429: settings.rate429,
    burst429:
      settings.burst429 === undefined
        ? null
        : `${settings.burst429.durationMs}ms/${settings.burst429.periodMs}ms`,
    drop: settings.drop,
    dropMode: settings.dropMode,
    retryAfter: settings.retryAfterSeconds,
    rps: settings.rps,
    tokenTtl: settings.tokenTtlSeconds ?? null,
    only: settings.only,
    seed: settings.seed ?? null,
  };
}

/** mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export type FaultDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'rate429'; readonly retryAfterSeconds: number }
  | { readonly kind: 'error5xx'; readonly status: 500 | 502 | 503 }
  | { readonly kind: 'drop'; readonly mode: 'close' | '504' };

/** Rolls the dice for one request. 429 is tried first, then 5xx, then drop. */
export function decideFault(settings: FaultSettings, random: () => number): FaultDecision {
  if (settings.rate429 > 0 && random() < settings.rate429) {
    return { kind: 'rate429', retryAfterSeconds: settings.retryAfterSeconds };
  }
  if (settings.error5xx > 0 && random() < settings.error5xx) {
    const statuses = [500, 502, 503] as const;
    return { kind: 'error5xx', status: statuses[Math.floor(random() * statuses.length)] };
  }
  if (settings.drop > 0 && random() < settings.drop) {
    return { kind: 'drop', mode: settings.dropMode };
  }
  return { kind: 'none' };
}

/** During a 429 burst: the whole seconds until it ends (at least 1); otherwise null. */
export function burstRetryAfterSeconds(settings: FaultSettings, nowMs: number): number | null {
  const burst = settings.burst429;
  if (burst === undefined) return null;
  const into = nowMs % burst.periodMs;
  if (into >= burst.durationMs) return null;
  return Math.max(1, Math.ceil((burst.durationMs - into) / 1000));
}

/** A fixed one-second window counter per key, for the `rps` limit. */
export class RateWindow {
  private readonly counts = new Map<string, { second: number; count: number }>();

  /** Counts one request; true when it is over the limit. */
  exceeded(key: string, limit: number, nowMs: number): boolean {
    if (limit <= 0) return false;
    const second = Math.floor(nowMs / 1000);
    const current = this.counts.get(key);
    const next =
      current && current.second === second
        ? { second, count: current.count + 1 }
        : { second, count: 1 };
    this.counts.set(key, next);
    return next.count > limit;
  }
}

/** Requests per second and key (a merchant, or an address for the token request), as they arrived. */
export interface TrafficSecond {
  /** Epoch second. */
  readonly second: number;
  readonly key: string;
  readonly requests: number;
  /** Of those, answered 429 by the `rps` limit or a 429 burst. */
  readonly rateLimited: number;
}

/** What the sandbox saw, second by second, over the last hour: how a limit was kept is measured here. */
export class TrafficLog {
  private readonly seconds = new Map<
    number,
    Map<string, { requests: number; rateLimited: number }>
  >();

  record(key: string, nowMs: number, rateLimited: boolean): void {
    const second = Math.floor(nowMs / 1000);
    let keys = this.seconds.get(second);
    if (keys === undefined) {
      keys = new Map();
      this.seconds.set(second, keys);
      for (const old of this.seconds.keys()) {
        if (old > second - 3600) break;
        this.seconds.delete(old);
      }
    }
    const counts = keys.get(key) ?? { requests: 0, rateLimited: 0 };
    counts.requests += 1;
    if (rateLimited) counts.rateLimited += 1;
    keys.set(key, counts);
  }

  /** Every second with traffic since `sinceMs`, oldest first. */
  since(sinceMs: number): TrafficSecond[] {
    const from = Math.floor(sinceMs / 1000);
    return [...this.seconds.entries()]
      .filter(([second]) => second >= from)
      .sort(([a], [b]) => a - b)
      .flatMap(([second, keys]) =>
        [...keys.entries()].map(([key, counts]) => ({ second, key, ...counts })),
      );
  }

  clear(): void {
    this.seconds.clear();
  }
}
