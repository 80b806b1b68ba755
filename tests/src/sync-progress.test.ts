import type { SyncRun } from "@atsync/core";
import { FIXTURE_MODELS } from "@atsync/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

const run = (type: SyncRun["type"]) => h.atsync.sync.runNow(h.integrationId, type);

/** Every `sync-progress` run of the next sync, the clock moved one second after each (so throughput is finite). */
function recordProgress(): SyncRun[] {
  const seen: SyncRun[] = [];
  h.atsync.events.on("sync-progress", (e) => {
    seen.push(e.run);
    h.clock.advance(1000);
  });
  return seen;
}

describe("sync progress", () => {
  it("a full sync counts each model's total before reading it, and done climbs to it", async () => {
    h = await startHarness();
    const seen = recordProgress();
    const result = await run("full");
    expect(result.status).toBe("succeeded");

    const totals = Object.fromEntries(FIXTURE_MODELS.map((m) => [m, h.vendor.records(m).length]));
    for (const model of FIXTURE_MODELS) {
      expect(result.progress.models[model]).toEqual({ done: totals[model], total: totals[model] });
      // The total is known before the first record of the model is counted.
      const firstDone = seen.find((r) => (r.progress.models[model]?.done ?? 0) > 0);
      expect(firstDone?.progress.models[model]?.total).toBe(totals[model]);
    }
    // Every total is known before any record is read.
    const firstRecords = seen.findIndex((r) => Object.values(r.progress.models).some((m) => m.done > 0));
    expect(Object.keys(seen[firstRecords]?.progress.models ?? {}).sort()).toEqual([...FIXTURE_MODELS].sort());

    // Done, the call count and the stored progress never go back.
    for (const [i, r] of seen.entries()) {
      const previous = seen[i - 1];
      if (!previous) continue;
      expect(r.api_calls).toBeGreaterThanOrEqual(previous.api_calls);
      for (const model of FIXTURE_MODELS) {
        expect(r.progress.models[model]?.done ?? 0).toBeGreaterThanOrEqual(
          previous.progress.models[model]?.done ?? 0,
        );
      }
    }
    // An estimate while running (once records were read), none once finished.
    const running = seen.slice(firstRecords);
    expect(running.length).toBeGreaterThan(3);
    for (const r of running) expect(r.progress.eta).not.toBeNull();
    expect(result.progress.eta).toBeNull();
    // The final record is what the API returns.
    expect((await h.atsync.sync.runs(h.integrationId))[0]?.progress).toEqual(result.progress);
  });

  it("costs one id listing per model — a third of the record pages with the fixture vendor", async () => {
    h = await startHarness();
    await run("full");
    const calls = h.vendor.calls();
    for (const model of FIXTURE_MODELS) {
      const n = h.vendor.records(model).length;
      // The fixture vendor lists 12 ids a page and 4 records a page; both end on a short page.
      expect(calls[`GET /ids/${model}`]).toBe(Math.floor(n / 12) + 1);
      expect(calls[`GET /records/${model}`]).toBe(Math.floor(n / 4) + 1);
    }
  });

  it("the ETA while running lies after now and moves past the quota reset when the window cannot cover the rest", async () => {
    h = await startHarness();
    // 60 calls left of 1000, resetting in an hour, above a reserve of 50: the run pauses after about
    // ten calls, and its progress estimates an end after the reset.
    h.vendor.setQuota({ limit: 1000, remaining: 60, resetSeconds: 3600 });
    const seen = recordProgress();
    const result = await run("full");
    expect(result.status).toBe("paused");
    const estimates = seen.filter((r) => r.progress.eta !== null);
    expect(estimates.length).toBeGreaterThan(0);
    const last = estimates[estimates.length - 1] as SyncRun;
    expect(last.progress.quota_remaining).not.toBeNull();
    expect(last.progress.quota_resets_at).not.toBeNull();
    expect(Date.parse(last.progress.eta as string)).toBeGreaterThan(
      Date.parse(last.progress.quota_resets_at as string),
    );
    expect(result.progress.eta).toBeNull();
  });

  it("a full run continuing an interrupted one carries its done counts, so done still reaches the total", async () => {
    h = await startHarness();
    const abort = new AbortController();
    let pages = 0;
    h.atsync.events.on("sync-progress", (e) => {
      if (e.run.current_model === "candidates" && (e.run.progress.models.candidates?.done ?? 0) > 0)
        if (++pages === 2) abort.abort(new Error("shutdown"));
    });
    const interrupted = await h.atsync.sync.runNow(h.integrationId, "full", { signal: abort.signal });
    expect(interrupted.status).toBe("cancelled");
    const carried = interrupted.progress.models.candidates?.done ?? 0;
    expect(carried).toBeGreaterThan(0);
    expect(carried).toBeLessThan(h.vendor.records("candidates").length);

    const resumed = await run("full");
    expect(resumed.status).toBe("succeeded");
    for (const model of ["candidates", "applications"] as const) {
      const n = h.vendor.records(model).length;
      expect(resumed.progress.models[model]).toEqual({ done: n, total: n });
    }
  });

  it("a delta knows no totals and gives no estimate", async () => {
    h = await startHarness();
    await run("full");
    h.clock.advance(3_600_000);
    h.vendor.touch("candidates", "1003");
    const seen = recordProgress();
    const delta = await run("delta");
    expect(delta.status).toBe("succeeded");
    expect(delta.progress.models.candidates?.total).toBeNull();
    expect(delta.progress.models.candidates?.done).toBeGreaterThan(0);
    for (const r of seen) expect(r.progress.eta).toBeNull();
  });
});
