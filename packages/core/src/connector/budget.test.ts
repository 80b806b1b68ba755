import { describe, expect, it } from "vitest";
import { FakeClock } from "../testing/fake-clock.js";
import { awaitShortWindow, CallBudget, SHORT_WINDOW_MS, windowWait } from "./budget.js";

describe("rate-limit windows", () => {
  it("waits out a short window that is used up, and resolves at once in a long one", async () => {
    const clock = new FakeClock();
    const budget = new CallBudget(clock);
    budget.observe({ limit: 50, remaining: 0, resetAt: new Date(clock.now().getTime() + 10_000) });
    let spent = false;
    const waiting = awaitShortWindow(budget, clock).then(() => {
      spent = true;
    });
    await Promise.resolve();
    expect(spent).toBe(false);
    clock.advance(9_999);
    await Promise.resolve();
    expect(spent).toBe(false);
    clock.advance(1);
    await waiting;
    expect(budget.snapshot().remaining).toBe(50);

    budget.observe({ remaining: 0, resetAt: new Date(clock.now().getTime() + SHORT_WINDOW_MS + 1) });
    await awaitShortWindow(budget, clock);
    expect(clock.pendingSleeps()).toBe(0);
  });

  it("tells the floor apart from the window's length", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const at = (ms: number) => new Date(now.getTime() + ms);
    expect(windowWait({ calls: 0, limit: null, remaining: null, resetAt: null }, now, 5)).toBe(0);
    expect(windowWait({ calls: 0, limit: 100, remaining: 6, resetAt: at(5_000) }, now, 5)).toBe(0);
    expect(windowWait({ calls: 0, limit: 100, remaining: 5, resetAt: at(5_000) }, now, 5)).toBe(5_000);
    expect(windowWait({ calls: 0, limit: 100, remaining: 5, resetAt: at(3_600_000) }, now, 5)).toBe("long");
    expect(windowWait({ calls: 0, limit: 100, remaining: 5, resetAt: null }, now, 5)).toBe("long");
  });
});
