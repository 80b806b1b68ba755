import { FIXTURE_MODELS } from "@atsync/core/testing";
import { afterEach, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

/** Waits until the scheduler has settled: nothing running, the next sync planned as a delta. */
async function settled(h: Harness): Promise<void> {
  await expect
    .poll(async () => {
      const { pending, latest } = await h.atsync.sync.status(h.integrationId);
      return { pending: pending?.type, latest: latest?.status };
    })
    .toEqual({ pending: "delta", latest: "succeeded" });
}

it("connect, runNow(full) and start() sync in full once: runNow takes the queued first sync", async () => {
  h = await startHarness(); // connects: queues the first full sync
  expect((await h.atsync.sync.status(h.integrationId)).pending).toMatchObject({ type: "full" });

  const run = await h.atsync.sync.runNow(h.integrationId, "full");
  expect(run).toMatchObject({ type: "full", status: "succeeded" });
  const afterRun = h.vendor.calls();
  const planned = (await h.atsync.sync.status(h.integrationId)).pending;

  await h.atsync.start();
  await settled(h);
  const runs = await h.atsync.sync.runs(h.integrationId);
  expect(runs.map((r) => [r.type, r.status])).toEqual([["full", "succeeded"]]);
  // One full read at the vendor: no request after runNow, each model's listing walked once.
  expect(h.vendor.calls()).toEqual(afterRun);
  for (const model of FIXTURE_MODELS) {
    const positions = h.vendor.pageRequests(model);
    expect(positions[0], model).toBe("");
    expect(new Set(positions).size, model).toBe(positions.length);
  }
  // runNow planned the regular schedule (a delta 15 minutes on) and start() kept it.
  expect(planned).toMatchObject({ type: "delta", reason: "scheduled" });
  expect((await h.atsync.sync.status(h.integrationId)).pending?.id).toBe(planned?.id);
});

it("runNow of another type leaves the queued first full sync for the scheduler", async () => {
  h = await startHarness();
  const queued = (await h.atsync.sync.status(h.integrationId)).pending;
  await h.atsync.sync.runNow(h.integrationId, "delta");
  expect((await h.atsync.sync.status(h.integrationId)).pending).toEqual(queued);
});
