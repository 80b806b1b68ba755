import { AsyncLocalStorage } from "node:async_hooks";
import type { Clock } from "../clock.js";
import { AtsyncError } from "../errors.js";

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

/**
 * Rate-limit windows that reset within this long (Greenhouse: 10 s) are waited out: calls and
 * syncs throttle until the reset. A window further from its reset (iCIMS: daily) pauses a sync at
 * its reserve instead, to resume after the reset.
 */
export const SHORT_WINDOW_MS = 60_000;

/**
 * How long to wait before spending a call when no more than `floor` calls are left in the
 * window: the time to its reset when that is at most `SHORT_WINDOW_MS` away, or `"long"` when the
 * reset is further away or unknown. 0 when more than `floor` calls are left or the limit is unknown.
 */
export function windowWait(snapshot: QuotaSnapshot, now: Date, floor: number): number | "long" {
  if (snapshot.remaining === null || snapshot.remaining > floor) return 0;
  if (!snapshot.resetAt) return "long";
  const wait = snapshot.resetAt.getTime() - now.getTime();
  return wait <= SHORT_WINDOW_MS ? Math.max(1, wait) : "long";
}

/**
 * Resolves once the budget has a call to spend, sleeping (on `clock`, abortable by `signal`)
 * through every short window that is used up; resolves at once when the window is long or
 * unknown (the vendor's 429 and `Retry-After`, or the sync's reserve, handle those).
 */
export async function awaitShortWindow(
  budget: QuotaBudget,
  clock: Clock,
  signal?: AbortSignal,
): Promise<void> {
  for (;;) {
    const wait = windowWait(budget.snapshot(), clock.now(), 0);
    if (wait === 0 || wait === "long") return;
    await clock.sleep(wait, signal);
  }
}

/** The floor of the background work running in this async context (see `withCallFloor`). */
const callFloors = new AsyncLocalStorage<(snapshot: QuotaSnapshot) => number | null>();

/**
 * Runs `work` as background work (a sync) whose vendor calls stop at a floor: every call any
 * connector makes within it first checks `floor(snapshot)` (`checkCallFloor`, in the HTTP client),
 * so the calls kept for writes are never spent by a sync, however many calls a page needs. Calls
 * made elsewhere (actions, passthrough) are not held.
 */
export function withCallFloor<T>(
  floor: (snapshot: QuotaSnapshot) => number | null,
  work: () => Promise<T>,
): Promise<T> {
  return callFloors.run(floor, work);
}

/**
 * Within `withCallFloor`: throws `REMOTE.RATE_LIMIT_EXCEEDED` (transient, retry after the reset)
 * instead of making a call when no more than the floor is left in a window that does not reset
 * within `SHORT_WINDOW_MS`. Outside it, or with an unknown limit, does nothing.
 */
export function checkCallFloor(budget: QuotaBudget, now: Date): void {
  const floor = callFloors.getStore()?.(budget.snapshot());
  if (floor === undefined || floor === null) return;
  const snapshot = budget.snapshot();
  if (windowWait(snapshot, now, floor) !== "long") return;
  throw new AtsyncError(
    "REMOTE.RATE_LIMIT_EXCEEDED",
    "Vendor call quota down to the reserve kept for writes",
    {
      kind: "transient",
      retryAfterMs: snapshot.resetAt ? Math.max(0, snapshot.resetAt.getTime() - now.getTime()) : 60 * 60_000,
    },
  );
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
