import { type SyncRun, unifiedId } from "@atsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { expectStoreMatchesVendor, type Harness, startHarness } from "./harness.js";

let h: Harness;
afterEach(() => h?.close());

const run = (type: SyncRun["type"]) => h.atsync.sync.runNow(h.integrationId, type);

describe("sync engine: full and delta", () => {
  it("a full sync stores every vendor record, counts them and completes setup", async () => {
    h = await startHarness();
    const events: string[] = [];
    h.atsync.events.on("sync-finished", (e) => {
      events.push(`finished:${e.data.sync_state}`);
    });
    h.atsync.events.on("data-changed", (e) => {
      events.push(`changed:${e.data.changed_models.map((m) => m.name).join(",")}`);
    });
    const result = await run("full");
    expect(result.status).toBe("succeeded");
    expect(result.counts.applications).toEqual({ inserted: 15, updated: 0, unchanged: 0, deleted: 0 });
    expect(result.counts.candidates?.inserted).toBe(12);
    expect(result.api_calls).toBeGreaterThan(0);
    await expectStoreMatchesVendor(h);
    expect((await h.atsync.integrations.get(h.integrationId)).setup_status).toBe("COMPLETED");
    expect(events).toEqual([
      "changed:ats_users,ats_application_stages,ats_jobs,ats_candidates,ats_applications",
      "finished:SUCCEEDED",
    ]);
  });

  it("a second full sync changes nothing and keeps changed_at", async () => {
    h = await startHarness();
    await run("full");
    const before = await h.atsync.storage.records.get(
      h.integrationId,
      "jobs",
      unifiedId(h.integrationId, "jobs", "1000"),
    );
    h.clock.advance(3_600_000);
    const again = await run("full");
    expect(again.counts.jobs).toEqual({ inserted: 0, updated: 0, unchanged: 4, deleted: 0 });
    const after = await h.atsync.storage.records.get(
      h.integrationId,
      "jobs",
      unifiedId(h.integrationId, "jobs", "1000"),
    );
    expect(after?.changed_at).toBe(before?.changed_at);
  });

  it("a delta reads only records changed since the last sync minus the overlap", async () => {
    h = await startHarness();
    h.clock.advance(3_600_000);
    await run("full");
    h.clock.advance(2 * 3_600_000);
    h.vendor.touch("candidates", "1003");
    const pagesBefore = h.vendor.pageRequests("candidates").length;
    const delta = await run("delta");
    expect(delta.status).toBe("succeeded");
    expect(delta.counts.candidates).toEqual({ inserted: 0, updated: 1, unchanged: 0, deleted: 0 });
    expect(delta.counts.jobs).toEqual({ inserted: 0, updated: 0, unchanged: 0, deleted: 0 });
    expect(h.vendor.pageRequests("candidates").length - pagesBefore).toBe(1);
    await expectStoreMatchesVendor(h);
  });

  it("a delta still sees a change made just before the previous sync started (overlap)", async () => {
    h = await startHarness();
    h.vendor.touch("jobs", "1001");
    h.clock.advance(60_000);
    await run("full");
    h.clock.advance(10 * 60_000);
    const delta = await run("delta");
    expect(delta.counts.jobs?.unchanged).toBeGreaterThanOrEqual(1);
  });

  it("records an error and keeps going on the next run after a vendor failure", async () => {
    h = await startHarness();
    h.vendor.injectFault({ kind: "server_error" }, 3);
    const failed = await run("full");
    expect(failed.status).toBe("failed");
    expect(failed.error?.code).toBe("REMOTE.SERVICE_UNAVAILABLE");
    const ok = await run("full");
    expect(ok.status).toBe("succeeded");
    await expectStoreMatchesVendor(h);
  });
});

describe("sync engine: an interrupted delta series", () => {
  it("a delta continuing a series still reads a model the series completed, for what changed since", async () => {
    h = await startHarness();
    h.clock.advance(3_600_000);
    await run("full");
    h.clock.advance(3_600_000);
    // The first delta reads users, then stops (a shutdown): the next delta continues its series.
    const abort = new AbortController();
    const off = h.atsync.events.on("sync-progress", (e) => {
      if (e.run.current_model === "users") abort.abort(new Error("shutdown"));
    });
    const first = await h.atsync.sync.runNow(h.integrationId, "delta", { signal: abort.signal });
    off();
    expect(first.status).toBe("cancelled");
    h.clock.advance(60_000);
    const { remoteId } = h.vendor.touch("users");
    h.clock.advance(60_000);
    const second = await run("delta");
    expect(second.status).toBe("succeeded");
    // The user changed after the first delta had read users: the continuing delta reads it.
    const user = await h.atsync.storage.records.get(
      h.integrationId,
      "users",
      unifiedId(h.integrationId, "users", remoteId),
    );
    expect(user?.custom_fields).toEqual(
      h.vendor.records("users").find((r) => r.remote_id === remoteId)?.custom_fields,
    );
    await expectStoreMatchesVendor(h);
  });
});

describe("sync engine: verified deletion", () => {
  it("marks records gone from a complete listing as deleted, still readable with include_deleted", async () => {
    h = await startHarness();
    await run("full");
    h.vendor.remove("applications", "1004");
    const result = await run("full");
    expect(result.status).toBe("succeeded");
    expect(result.counts.applications?.deleted).toBe(1);
    const gone = await h.atsync.storage.records.get(
      h.integrationId,
      "applications",
      unifiedId(h.integrationId, "applications", "1004"),
    );
    expect(gone?.remote_deleted_at).toBe(h.clock.now().toISOString());
    const withDeleted = await h.atsync.storage.records.list(h.integrationId, "applications", {
      page_size: 100,
      include_deleted: true,
    });
    expect(withDeleted.results).toHaveLength(15);
    await expectStoreMatchesVendor(h);
  });

  it("quarantines the run and deletes nothing when more than 20% (and at least the minimum count) would go", async () => {
    h = await startHarness({ settings: { createdApplicationsOnly: false, deletionMinimumCount: 4 } });
    await run("full");
    for (const id of ["1000", "1001", "1002", "1003"]) h.vendor.remove("applications", id);
    const result = await run("deletion_scan");
    expect(result.status).toBe("deletion_quarantined");
    expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(15);
  });

  it("deletes a share over the threshold when fewer than the minimum count (default 10) would go", async () => {
    h = await startHarness();
    await run("full");
    for (const id of ["1000", "1001", "1002", "1003"]) h.vendor.remove("applications", id);
    const result = await run("deletion_scan");
    expect(result.status).toBe("succeeded");
    expect(result.counts.applications?.deleted).toBe(4);
    await expectStoreMatchesVendor(h);
  });

  it.each([
    ["full", "records"],
    ["deletion_scan", "ids"],
  ] as const)(
    "a %s whose listing ends early on an empty %s page deletes nothing (the next listing disagrees)",
    async (type, _page) => {
      h = await startHarness();
      await run("full");
      // 15 applications, 4 per records page / 12 per ids page: the glitch drops the last 3. A full
      // run counts applications (an ids listing) before reading them: the glitch waits for the read.
      const glitch = { kind: "empty_page", model: "applications", after: "1011" } as const;
      if (type === "full") {
        const off = h.atsync.events.on("sync-progress", (e) => {
          if (e.run.current_model !== "applications") return;
          h.vendor.injectFault(glitch);
          off();
        });
      } else h.vendor.injectFault(glitch);
      const result = await run(type);
      expect(result.status).toBe("deletion_quarantined");
      expect(result.error?.message).toContain("applications listing incomplete: 3 of 3");
      expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(15);
      const again = await run("deletion_scan");
      expect(again.status).toBe("succeeded");
      await expectStoreMatchesVendor(h);
    },
  );

  it("honours a per-integration threshold", async () => {
    h = await startHarness({ settings: { createdApplicationsOnly: false, deletionThreshold: 0.5 } });
    await run("full");
    for (const id of ["1000", "1001", "1002", "1003"]) h.vendor.remove("applications", id);
    const result = await run("deletion_scan");
    expect(result.status).toBe("succeeded");
    expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(11);
  });

  it("a deletion scan lists ids only and reads no records", async () => {
    h = await startHarness();
    await run("full");
    const before = h.vendor.calls();
    h.vendor.remove("candidates", "1011");
    const result = await run("deletion_scan");
    const after = h.vendor.calls();
    expect(result.counts.candidates?.deleted).toBe(1);
    for (const route of Object.keys(after).filter((r) => r.startsWith("GET /records"))) {
      expect(after[route], route).toBe(before[route]);
    }
  });
});

describe("sync engine: created applications only", () => {
  it("syncs no candidates or applications until some are tracked", async () => {
    h = await startHarness({ settings: {} });
    const result = await run("full");
    expect(result.status).toBe("succeeded");
    expect(await h.atsync.storage.records.count(h.integrationId, "jobs")).toBe(4);
    expect(await h.atsync.storage.records.count(h.integrationId, "candidates")).toBe(0);
    expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(0);
    expect(h.vendor.calls()["GET /records/applications"]).toBeUndefined();
  });

  it("imports a tracked application and its candidate on the next sync, and nothing else", async () => {
    h = await startHarness({ settings: {} });
    await run("full");
    expect(await h.atsync.sync.importTrackedApplications(h.integrationId, ["1005"])).toBe(1);
    await run("delta");
    const apps = await h.atsync.storage.records.list(h.integrationId, "applications", { page_size: 100 });
    expect(apps.results.map((a) => a.remote_id)).toEqual(["1005"]);
    const candidates = await h.atsync.storage.records.list(h.integrationId, "candidates", { page_size: 100 });
    expect(candidates.results.map((c) => c.remote_id)).toEqual(["1005"]);
  });
});
