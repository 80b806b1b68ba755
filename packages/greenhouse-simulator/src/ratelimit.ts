/** The rate limit's settings: requests per fixed window. */
export interface RateLimitOptions {
  /** Requests allowed per window (≥ 1). */
  limit: number;
  /** Window length in seconds (≥ 1); windows start at multiples of it on the simulator clock. */
  windowS: number;
}

/** What a counted call sees: whether it passed and the `X-RateLimit-*` values. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix epoch seconds when the current window ends. */
  resetEpochS: number;
  /** Whole seconds until the window ends (≥ 1): the `Retry-After` of a refusal. */
  retryAfterS: number;
}

/** Fixed-window request counter (Harvest v3 limits per 30-second window). */
export class RateLimiter {
  private window = -1;
  private used = 0;

  constructor(private readonly options: RateLimitOptions) {
    if (!(Number.isInteger(options.limit) && options.limit >= 1 && options.windowS >= 1)) {
      throw new RangeError("rateLimit needs an integer limit ≥ 1 and windowS ≥ 1");
    }
  }

  /** Counts one call at `nowMs` and decides it. */
  take(nowMs: number): RateLimitDecision {
    const windowMs = this.options.windowS * 1000;
    const window = Math.floor(nowMs / windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const allowed = this.used < this.options.limit;
    if (allowed) this.used++;
    const end = (window + 1) * windowMs;
    return {
      allowed,
      limit: this.options.limit,
      remaining: this.options.limit - this.used,
      resetEpochS: Math.ceil(end / 1000),
      retryAfterS: Math.max(1, Math.ceil((end - nowMs) / 1000)),
    };
  }
}
