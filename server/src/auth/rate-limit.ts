/**
 * Attempt limiting for login and register: at most `limit` attempts per key in a
 * fixed window (key = action + client IP + username, so one noisy client cannot
 * lock another user out from elsewhere). Pure: the caller passes the time.
 *
 * Memory is bounded: expired windows are swept as the map grows, and past
 * `maxKeys` live windows new keys are refused (a flood of distinct keys is itself
 * an attack; refusing is safer than forgetting the old windows).
 */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
  maxKeys?: number;
}

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

interface Window {
  count: number;
  resetAt: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly maxKeys: number;
  private nextSweep = 0;

  constructor(private readonly options: RateLimitOptions) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Counts one attempt for `key` at time `now` (ms) and says whether it may proceed. */
  hit(key: string, now: number): RateLimitDecision {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (!window && this.windows.size >= this.maxKeys) {
        this.sweep(now);
        if (this.windows.size >= this.maxKeys) return { allowed: false, retryAfterMs: this.options.windowMs };
      }
      window = { count: 0, resetAt: now + this.options.windowMs };
      this.windows.set(key, window);
    }
    if (now >= this.nextSweep) this.sweep(now);
    if (window.count >= this.options.limit) return { allowed: false, retryAfterMs: window.resetAt - now };
    window.count++;
    return { allowed: true, remaining: this.options.limit - window.count };
  }

  /** Live windows (for tests and metrics). */
  size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    this.nextSweep = now + this.options.windowMs;
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
