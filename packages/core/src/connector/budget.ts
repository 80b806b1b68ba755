import type { Clock } from "../clock.js";

/** What an integration's budget knows right now. */
export interface QuotaSnapshot {
  /** Vendor calls counted since this budget was created. */
  calls: number;
  /** Calls allowed per window, from the vendor's headers or settings; null when unknown. */
  limit: number | null;
  /** Calls left in the window, as the vendor last reported (minus calls made since); null when unknown. */
  remaining: number | null;
  /** When the window resets; null when unknown. */
  resetAt: Date | null;
}

/**
 * An integration's vendor call budget, shared by syncs, actions and passthrough. The HTTP client
 * counts every attempt and feeds back the vendor's rate-limit headers.
 */
export interface QuotaBudget {
  /** Counts one vendor call attempt. */
  recordCall(): void;
  /** Takes the vendor's view of the window (any member may be missing). */
  observe(info: { limit?: number; remaining?: number; resetAt?: Date }): void;
  /** The current view. */
  snapshot(): QuotaSnapshot;
}

/** The default in-process `QuotaBudget`. */
export class CallBudget implements QuotaBudget {
  private calls = 0;
  private limit: number | null;
  private remaining: number | null = null;
  private resetAt: Date | null = null;

  constructor(
    private readonly clock: Clock,
    dailyLimit: number | null = null,
  ) {
    this.limit = dailyLimit;
  }

  recordCall(): void {
    this.calls += 1;
    if (this.remaining !== null) this.remaining = Math.max(0, this.remaining - 1);
  }

  observe(info: { limit?: number; remaining?: number; resetAt?: Date }): void {
    if (info.limit !== undefined) this.limit = info.limit;
    if (info.remaining !== undefined) this.remaining = info.remaining;
    if (info.resetAt !== undefined) this.resetAt = info.resetAt;
  }

  snapshot(): QuotaSnapshot {
    if (this.resetAt && this.resetAt <= this.clock.now()) {
      this.remaining = this.limit;
      this.resetAt = null;
    }
    return { calls: this.calls, limit: this.limit, remaining: this.remaining, resetAt: this.resetAt };
  }
}
