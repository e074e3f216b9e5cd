/**
 * The organisation's rate limit: a number of API requests per 60-second window per access token, as the
 * real service enforces it for client-credentials tokens. Answers the `inin-ratelimit-*` headers.
 */

/** What one request learns about its token's window. */
export interface RateLimitResult {
  allowed: boolean;
  count: number;
  limit: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
}

/** Fixed 60-second windows per token. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  readonly windowMs = 60_000;

  /** Count one request of `token` against `limit` per window. */
  hit(token: string, limit: number, now: number = Date.now()): RateLimitResult {
    let w = this.windows.get(token);
    if (!w || now - w.start >= this.windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(token, w);
    }
    const resetSeconds = Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000));
    if (limit > 0 && w.count >= limit) return { allowed: false, count: w.count, limit, resetSeconds };
    w.count += 1;
    return { allowed: true, count: w.count, limit, resetSeconds };
  }

  reset(): void {
    this.windows.clear();
  }
}
