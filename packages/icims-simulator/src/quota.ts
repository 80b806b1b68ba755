import type { SimClock } from "./clock.js";
import { DAY_MS } from "./dates.js";
import { ErrorCode, IcimsError } from "./errors.js";

/** A snapshot of the daily call quota. */
export interface QuotaSnapshot {
  /** Calls allowed per UTC day. */
  limit: number;
  /** Calls charged today. */
  used: number;
  /** Calls left today (≥ 0). */
  remaining: number;
  /** Seconds until the counter resets (next 00:00 UTC of the simulator clock). */
  resetSeconds: number;
}

/**
 * The per-tenant daily call quota. Every authenticated API call consumes one unit; the window resets at
 * 00:00 UTC. When exhausted, calls are answered with the configured status (default 429).
 */
export class DailyQuota {
  private used = 0;
  private day: number;

  constructor(
    private readonly limit: number,
    private readonly exhaustedStatus: number,
    private readonly clock: SimClock,
  ) {
    this.day = Math.floor(clock.now() / DAY_MS);
  }

  /** Consumes one call; throws the quota-exhausted error when none is left. */
  consume(): void {
    this.roll();
    if (this.used >= this.limit) {
      throw new IcimsError(
        this.exhaustedStatus,
        ErrorCode.RATE_LIMITED,
        "Daily API call limit exceeded; retry after the reset.",
      );
    }
    this.used++;
  }

  /**
   * Sets the calls left today to `remaining` (an integer in [0, limit]): the next `remaining` calls pass,
   * later ones get the quota-exhausted answer until the next 00:00 UTC reset restores the full limit.
   */
  setRemaining(remaining: number): void {
    if (!Number.isInteger(remaining) || remaining < 0 || remaining > this.limit) {
      throw new RangeError(`remaining quota must be an integer in [0, ${this.limit}], got ${remaining}`);
    }
    this.roll();
    this.used = this.limit - remaining;
  }

  /** The `x-ratelimit-*` headers for the current state. */
  headers(): Record<string, string> {
    const { limit, remaining, resetSeconds } = this.snapshot();
    return {
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(remaining),
      "x-ratelimit-reset": String(resetSeconds),
    };
  }

  /** Current counters. */
  snapshot(): QuotaSnapshot {
    this.roll();
    const now = this.clock.now();
    return {
      limit: this.limit,
      used: this.used,
      remaining: Math.max(0, this.limit - this.used),
      resetSeconds: Math.ceil(((Math.floor(now / DAY_MS) + 1) * DAY_MS - now) / 1000),
    };
  }

  private roll(): void {
    const day = Math.floor(this.clock.now() / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.used = 0;
    }
  }
}
