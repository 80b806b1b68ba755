import type { Atsync, SyncFinishedEvent } from "@atsync/core";
import { EMPTY_PROGRESS } from "@atsync/core/storage";
import { afterEach, describe, expect, it } from "vitest";
import { expectStoreMatchesVendor, type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

/** Resolves with the next `sync-finished` event. */
function nextFinished(atsync: Atsync): Promise<SyncFinishedEvent> {
  return new Promise((resolve) => {
    const off = atsync.events.on("sync-finished", (e) => {
      off();
      resolve(e);
    });
  });
}

const MINUTE = 60_000;

/** The pending sync once the scheduler has planned it (planning follows the run's `sync-finished` event). */
async function plannedSync(h: Harness) {
  await expect.poll(async () => (await h.atsync.sync.status(h.integrationId)).pending).not.toBeNull();
  return (await h.atsync.sync.status(h.integrationId)).pending;
}

describe("scheduler: the regular schedule", () => {
  it("plans a full sync a week after the last one, however many deltas ran since", async () => {
    h = await startHarness();
    await h.atsync.sync.runNow(h.integrationId, "full");
    const fullAt = h.clock.now().getTime();
    // 700 runs since the full sync (more than a week of 15-minute deltas), none of them full.
    for (let i = 0; i < 700; i++) {
      await h.atsync.storage.syncState.createRun({
        id: `delta-${i}`,
        integration_id: h.integrationId,
        type: i % 96 === 95 ? "deletion_scan" : "delta",
        status: "succeeded",
        counts: {},
        api_calls: 0,
        current_model: null,
        progress: EMPTY_PROGRESS,
        started_at: new Date(fullAt + i * 14 * MINUTE).toISOString(),
        finished_at: new Date(fullAt + i * 14 * MINUTE + 1000).toISOString(),
        error: null,
        created_at: new Date(fullAt + i * 14 * MINUTE).toISOString(),
      });
    }
    h.clock.advance(6 * 24 * 60 * MINUTE);
    await h.atsync.scheduler.plan(h.integrationId);
    const soon = (await h.atsync.sync.status(h.integrationId)).pending;
    expect(soon?.type).toBe("delta");
    h.clock.advance(24 * 60 * MINUTE);
    await h.atsync.scheduler.plan(h.integrationId);
    const weekly = (await h.atsync.sync.status(h.integrationId)).pending;
    expect(weekly).toMatchObject({ type: "full", reason: "scheduled" });
    expect(Date.parse(weekly?.runAt ?? "")).toBe(fullAt + 7 * 24 * 60 * MINUTE);
  });
});

describe("scheduler", () => {
  it("runs the first full sync on start, then a delta 15 minutes after it finished", async () => {
    h = await startHarness();
    const first = nextFinished(h.atsync);
    await h.atsync.start();
    const full = await first;
    const fullRun = await h.atsync.sync.run(h.integrationId, full.data.sync_id);
    expect(fullRun).toMatchObject({ type: "full", status: "succeeded" });
    const pending = await plannedSync(h);
    expect(pending).toMatchObject({ type: "delta", reason: "scheduled" });
    expect(Date.parse(pending?.runAt ?? "")).toBe(h.clock.now().getTime() + 15 * MINUTE);
    const second = nextFinished(h.atsync);
    h.clock.advance(15 * MINUTE);
    const delta = await second;
    expect((await h.atsync.sync.run(h.integrationId, delta.data.sync_id))?.type).toBe("delta");
  });

  it("answers already_queued with the pending sync's id while a sync is due", async () => {
    h = await startHarness();
    const first = await h.atsync.sync.trigger(h.integrationId, "delta");
    expect(first.already_queued).toBe(true);
    expect(first.type).toBe("full");
    const again = await h.atsync.sync.trigger(h.integrationId, "full");
    expect(again).toEqual(first);
    const done = nextFinished(h.atsync);
    await h.atsync.start();
    expect((await done).data.sync_id).toBe(first.sync_id);
  });

  it("replaces a later scheduled sync when forced", async () => {
    h = await startHarness();
    const done = nextFinished(h.atsync);
    await h.atsync.start();
    await done;
    const forced = await h.atsync.sync.trigger(h.integrationId, "full");
    expect(forced.already_queued).toBe(false);
    const next = nextFinished(h.atsync);
    expect((await next).data.sync_id).toBe(forced.sync_id);
  });

  it("retries failures with exponential backoff", async () => {
    h = await startHarness();
    h.vendor.injectFault({ kind: "server_error" }, 6);
    const failed = nextFinished(h.atsync);
    await h.atsync.start();
    expect((await failed).data.sync_state).toBe("FAILED");
    const retry1 = await plannedSync(h);
    expect(retry1).toMatchObject({ type: "full", reason: "retry" });
    expect(Date.parse(retry1?.runAt ?? "")).toBe(h.clock.now().getTime() + MINUTE);
    const failedAgain = nextFinished(h.atsync);
    h.clock.advance(MINUTE);
    expect((await failedAgain).data.sync_state).toBe("FAILED");
    await expect
      .poll(async () => (await h.atsync.sync.status(h.integrationId)).pending?.id)
      .not.toBe(retry1?.id);
    const retry2 = await plannedSync(h);
    expect(Date.parse(retry2?.runAt ?? "")).toBe(h.clock.now().getTime() + 2 * MINUTE);
    const ok = nextFinished(h.atsync);
    h.clock.advance(2 * MINUTE);
    expect((await ok).data.sync_state).toBe("SUCCEEDED");
  });

  it("marks the integration INVALID on rejected credentials and schedules nothing until they change", async () => {
    h = await startHarness();
    const states: string[] = [];
    h.atsync.events.on("integration-state-changed", (e) => {
      states.push(e.data.state);
    });
    h.vendor.injectFault({ kind: "unauthorized" });
    const failed = nextFinished(h.atsync);
    await h.atsync.start();
    expect((await failed).data.sync_state).toBe("FAILED");
    await expect.poll(async () => (await h.atsync.integrations.get(h.integrationId)).status).toBe("INVALID");
    expect((await h.atsync.sync.status(h.integrationId)).pending).toBeNull();
    expect(states).toContain("INVALID");
    await expect(h.atsync.sync.trigger(h.integrationId, "full")).rejects.toMatchObject({
      code: "INTEGRATION.AUTHENTICATION_INVALID",
    });
    const healed = nextFinished(h.atsync);
    const details = await h.atsync.integrations.updateCredentials(h.integrationId, {
      baseUrl: h.vendor.url,
      apiKey: h.vendor.apiKey,
    });
    expect(details.status).toBe("ACTIVE");
    expect((await healed).data.sync_state).toBe("SUCCEEDED");
    expect(states.at(-1)).toBe("ACTIVE");
  });

  it("stops gracefully: the running sync ends cancelled and the next run resumes it", async () => {
    h = await startHarness();
    const firstPage = new Promise<void>((resolve) => {
      const off = h.atsync.events.on("sync-progress", () => {
        off();
        resolve();
      });
    });
    const finished = nextFinished(h.atsync);
    await h.atsync.start();
    await firstPage;
    await h.atsync.stop();
    expect((await finished).data.sync_state).toBe("CANCELLED");
    const resumed = await h.atsync.sync.runNow(h.integrationId, "full");
    expect(resumed.status).toBe("succeeded");
    await expectStoreMatchesVendor(h);
  });

  it("pauses a sync at the quota reserve and resumes it from its checkpoint after the reset", async () => {
    h = await startHarness();
    h.vendor.setQuota({ limit: 200, remaining: 18, resetSeconds: 3600 });
    const paused = nextFinished(h.atsync);
    await h.atsync.start();
    const pausedEvent = await paused;
    expect(pausedEvent.data.sync_state).toBe("PAUSED");
    const run = await h.atsync.sync.run(h.integrationId, pausedEvent.data.sync_id);
    expect(run?.error?.code).toBe("REMOTE.RATE_LIMIT_EXCEEDED");
    const pending = await plannedSync(h);
    expect(pending).toMatchObject({ type: "full", reason: "resume" });
    expect(Date.parse(pending?.runAt ?? "")).toBe(h.clock.now().getTime() + 3_600_000);
    h.vendor.setQuota(null);
    const resumed = nextFinished(h.atsync);
    h.clock.advance(3_600_000);
    expect((await resumed).data.sync_state).toBe("SUCCEEDED");
    await expectStoreMatchesVendor(h);
  });

  it("throttles through a short rate-limit window instead of pausing the sync", async () => {
    h = await startHarness();
    // 6 calls per 10-second window: the sync needs several windows, and must wait each one out.
    const window = { limit: 6, remaining: 6, resetSeconds: 10 };
    h.vendor.setQuota(window);
    const finished = h.atsync.sync.runNow(h.integrationId, "full");
    let settled = false;
    void finished.finally(() => {
      settled = true;
    });
    let windows = 0;
    while (!settled) {
      await expect.poll(() => settled || h.clock.pendingSleeps() > 0).toBe(true);
      if (settled) break;
      // The run waits for the window's reset: still running, never paused.
      const runs = await h.atsync.sync.runs(h.integrationId);
      expect(runs.map((r) => r.status)).toEqual(["running"]);
      windows += 1;
      h.vendor.setQuota(window);
      h.clock.advance(10_000);
    }
    const run = await finished;
    expect(run.status).toBe("succeeded");
    expect(windows).toBeGreaterThan(1);
    expect((await h.atsync.sync.runs(h.integrationId)).map((r) => r.status)).toEqual(["succeeded"]);
    await expectStoreMatchesVendor(h);
  });

  it("runs one sync per integration at a time", async () => {
    h = await startHarness();
    const [a, b] = await Promise.all([
      h.atsync.sync.runNow(h.integrationId, "full"),
      h.atsync.sync.runNow(h.integrationId, "full"),
    ]);
    const [first, second] = [a, b].sort((x, y) => (x.started_at ?? "").localeCompare(y.started_at ?? ""));
    expect(Date.parse(second?.started_at ?? "")).toBeGreaterThanOrEqual(Date.parse(first?.finished_at ?? ""));
    expect(second?.counts.jobs?.unchanged).toBe(4);
  });

  it("bounds how many integrations sync at once", async () => {
    h = await startHarness();
    const extra = [];
    for (let i = 0; i < 3; i++) {
      extra.push(
        await h.atsync.integrations.connect({
          tool: "fixture",
          credentials: { baseUrl: h.vendor.url, apiKey: h.vendor.apiKey },
          settings: { createdApplicationsOnly: false },
        }),
      );
    }
    const active = new Set<string>();
    let peak = 0;
    h.atsync.events.on("sync-progress", (e) => {
      active.add(e.run.integration_id);
      peak = Math.max(peak, active.size);
    });
    let finished = 0;
    const allDone = new Promise<void>((resolve) => {
      h.atsync.events.on("sync-finished", (e) => {
        active.delete(e.data.integration_id);
        if (++finished === 4) resolve();
      });
    });
    await h.atsync.start();
    await allDone;
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(4);
  });
});
