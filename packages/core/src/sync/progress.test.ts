import { describe, expect, it } from "vitest";
import { estimateEnd, RunProgress } from "./progress.js";

const T0 = new Date("2026-01-01T00:00:00.000Z");
const later = (s: number) => new Date(T0.getTime() + s * 1000);
const unlimited = { calls: 0, limit: null, remaining: null, resetAt: null };

describe("estimateEnd", () => {
  const base = { now: later(10), startedAt: T0, recordsRead: 100, callsMade: 50, reserve: 0 };

  it("extrapolates the observed records per second over the records left", () => {
    expect(estimateEnd({ ...base, recordsLeft: 300, quota: unlimited })).toEqual(later(40));
  });

  it("is unknown before any record was read or when no remaining work is known", () => {
    expect(estimateEnd({ ...base, recordsRead: 0, recordsLeft: 300, quota: unlimited })).toBeNull();
    expect(estimateEnd({ ...base, recordsLeft: null, quota: unlimited })).toBeNull();
  });

  it("keeps the throughput estimate when the window covers the calls left above the reserve", () => {
    const quota = { calls: 50, limit: 1000, remaining: 200, resetAt: later(3600) };
    expect(estimateEnd({ ...base, recordsLeft: 300, quota, reserve: 50 })).toEqual(later(40));
  });

  it("moves past the reset when the window cannot cover the calls left", () => {
    // 300 records need 150 calls; 100 usable above the reserve cover 200 records, the other 100
    // (10 s at the observed rate) are read after the reset.
    const quota = { calls: 50, limit: 1000, remaining: 150, resetAt: later(3600) };
    expect(estimateEnd({ ...base, recordsLeft: 300, quota, reserve: 50 })).toEqual(later(3610));
    expect(
      estimateEnd({ ...base, recordsLeft: 300, quota: { ...quota, resetAt: null }, reserve: 50 }),
    ).toBeNull();
  });
});

describe("RunProgress", () => {
  it("keeps carried done counts for resumed reads and restarts fresh ones", () => {
    const progress = new RunProgress(T0, { jobs: { done: 8, total: 20 }, candidates: { done: 5, total: 9 } });
    progress.setTotal("jobs", 21);
    progress.startRead("jobs", true);
    progress.startRead("candidates", false);
    progress.add("jobs", 4);
    progress.add("users", 2);
    const snap = progress.snapshot(later(4), 3, unlimited, 0);
    expect(snap.models).toEqual({
      jobs: { done: 12, total: 21 },
      candidates: { done: 0, total: 9 },
      users: { done: 2, total: null },
    });
    // 6 records in 4 s, 18 left of known totals (9 jobs, 9 candidates).
    expect(snap.eta).toBe(later(16).toISOString());
    expect(progress.final(unlimited).eta).toBeNull();
  });

  it("makes a finished read's total what it read, whatever the listing counted", () => {
    const progress = new RunProgress(T0);
    progress.setTotal("candidates", 1500);
    progress.startRead("candidates", false);
    progress.add("candidates", 1470);
    progress.startRead("users", false);
    progress.add("users", 29);
    progress.finishRead("candidates");
    progress.finishRead("users");
    expect(progress.final(unlimited).models).toEqual({
      candidates: { done: 1470, total: 1470 },
      users: { done: 29, total: 29 },
    });
  });
});
