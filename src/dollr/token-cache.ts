import type { Clock } from './timing';

export interface ObtainedToken {
  readonly accessToken: string;
  /** Dollr's `expires_in`, which is in minutes. */
  readonly expiresInMinutes: number;
}

/** Dollr's advice: get a new token once fewer than 5 minutes of validity remain. */
export const DEFAULT_REFRESH_MARGIN_MS = 5 * 60_000;

interface CachedToken {
  readonly value: string;
  readonly refreshAt: number;
  /** Until then the token is still handed out while its replacement is being fetched. */
  readonly usableUntil: number;
  readonly expiresAt: number;
}

/**
 * Holds the access token and refreshes it before it expires. Concurrent callers share one refresh.
 * A refresh ahead of expiry runs in the background: callers keep the current token meanwhile, so
 * no request waits for it (and none is sent with a token about to die). Only without a usable
 * token does every caller wait for that same token request.
 */
export class TokenCache {
  private cached: CachedToken | undefined;
  private refreshing: Promise<string> | undefined;

  constructor(
    private readonly obtain: () => Promise<ObtainedToken>,
    private readonly clock: Clock,
    private readonly refreshMarginMs = DEFAULT_REFRESH_MARGIN_MS,
  ) {}

  /** A token that is valid for a while yet, refreshed (once, for everyone) if needed. */
  get(): Promise<string> {
    const now = this.clock();
    const cached = this.cached;
    if (cached !== undefined && now < cached.refreshAt) return Promise.resolve(cached.value);
    this.refreshing ??= this.refresh().finally(() => {
      this.refreshing = undefined;
    });
    if (cached !== undefined && now < cached.usableUntil) {
      // Failures are handled by refresh() (the current token stays); nothing waits on this one.
      this.refreshing.catch(() => undefined);
      return Promise.resolve(cached.value);
    }
    return this.refreshing;
  }

  /**
   * Forgets `token` after Dollr refused it (401), so the next `get` fetches a new one. A token that
   * has already been replaced is left alone: fifty calls failing with the same stale token cause
   * one refresh, not fifty.
   */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
  }

  private async refresh(): Promise<string> {
    const requestedAt = this.clock();
    let token: ObtainedToken;
    try {
      token = await this.obtain();
    } catch (error) {
      // A refresh ahead of expiry that fails is not fatal: the current token still works for now.
      const current = this.cached;
      if (current !== undefined && this.clock() < current.expiresAt) return current.value;
      throw error;
    }
    this.cached = cacheEntry(token, requestedAt, this.refreshMarginMs);
    return token.accessToken;
  }
}

/**
 * When to refresh: `margin` before expiry, measured from when the token was requested (so network
 * time counts against it). A lifetime shorter than twice the margin (short-lived sandbox tokens)
 * is refreshed at half-life instead; otherwise every call would fetch a new token. While the
 * refresh is in flight the token is still used, up to half the margin before expiry.
 */
export function cacheEntry(
  token: ObtainedToken,
  requestedAt: number,
  marginMs: number,
): CachedToken {
  const lifetimeMs = token.expiresInMinutes * 60_000;
  const margin = Math.min(marginMs, lifetimeMs / 2);
  return {
    value: token.accessToken,
    refreshAt: requestedAt + lifetimeMs - margin,
    usableUntil: requestedAt + lifetimeMs - margin / 2,
    expiresAt: requestedAt + lifetimeMs,
  };
}
