import { unifiedId } from "@atsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";
import { idAfterOf, type SearchGlitchProxy, startSearchGlitchProxy } from "./search-glitch-proxy.js";

let h: IcimsHarness;
let proxy: SearchGlitchProxy | undefined;
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  proxy = undefined;
});

const HOUR = 3_600_000;
const run = (type: "full" | "delta" | "deletion_scan") => h.atsync.sync.runNow(h.integrationId, type);
/** Searches of a paged listing of n matches (pages + the answer confirming the end). */
const searches = (n: number) => Math.ceil((n + 1) / 1000) + 1;

/** Two hours after the last sync, edits records at the vendor; then ten more minutes pass. */
function editLater(
  type: "people" | "applicantworkflows",
  ids: readonly string[],
  fields: Record<string, unknown>,
): void {
  h.sim.state.advance(2 * HOUR);
  for (const id of ids) h.sim.state.mutate({ op: "update", type, id: Number(id), fields });
  h.sim.state.advance(10 * 60_000);
}

/** 2,400 applications: 3 search pages, the last (400 = 16.7%) under the 20% threshold. */
async function startBehindProxy(settings: Record<string, unknown> = {}): Promise<void> {
  proxy = await startSearchGlitchProxy();
  const through = proxy;
  h = await startIcimsHarness({
    simulator: { jobs: 40, people: 600, applications: 2400 },
    settings: { createdApplicationsOnly: false, ...settings },
    apiUrl: (origin) => through.via(origin),
  });
}

/** Blanks `times` consecutive workflow searches for the page after the 2,000th workflow. */
function blankLastWorkflowPage(times: number): void {
  const ids = truthIds(h.sim, "applicantworkflows");
  const after = ids[1999] as string;
  proxy?.blank({ path: "/search/applicantworkflows", matches: (body) => idAfterOf(body) === after, times });
}

describe("trustworthy sync on the iCIMS simulator", () => {
  it("an empty search page in a deletion scan's listing deletes nothing (the empty answer is asked again)", async () => {
    await startBehindProxy();
    expect((await run("full")).status).toBe("succeeded");
    blankLastWorkflowPage(1);
    const scan = await run("deletion_scan");
    expect(proxy?.blanked()).toBe(1);
    expect(scan.status).toBe("succeeded");
    expect(scan.counts.applications?.deleted ?? 0).toBe(0);
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
  });

  it("a listing cut short twice in a row is proven incomplete by GETs: quarantined, nothing deleted", async () => {
    await startBehindProxy();
    await run("full");
    blankLastWorkflowPage(2);
    const scan = await run("deletion_scan");
    expect(scan.status).toBe("deletion_quarantined");
    expect(scan.error?.message).toContain("applications listing incomplete: 400 of 400");
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
  });

  it("over the confirmation budget, a second listing that disagrees quarantines too", async () => {
    await startBehindProxy({ deletionConfirmBudget: 0 });
    await run("full");
    // A full run first lists applications to count them: the blanks wait for the read.
    const off = h.atsync.events.on("sync-progress", (e) => {
      if (e.run.current_model !== "applications") return;
      blankLastWorkflowPage(2);
      off();
    });
    const scan = await run("full");
    expect(scan.status).toBe("deletion_quarantined");
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
  });

  it("records really gone are deleted once each is confirmed not found", async () => {
    await startBehindProxy();
    await run("full");
    const purged = truthIds(h.sim, "applicantworkflows").slice(10, 13);
    for (const id of purged) h.sim.state.mutate({ op: "purge", type: "applicantworkflows", id: Number(id) });
    h.sim.state.resetStats();
    const scan = await run("deletion_scan");
    expect(scan.status).toBe("succeeded");
    expect(scan.counts.applications?.deleted).toBe(3);
    expect(h.sim.state.stats()["GET /applicantworkflows/{id}"]).toBe(3);
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
  });

  it("records hidden from the API user are deleted, and a deletion scan brings them back once visible", async () => {
    h = await startIcimsHarness({ settings: { createdApplicationsOnly: false, deletionMinimumCount: 100 } });
    await run("full");
    const job = Number(truthIds(h.sim, "jobs")[2]);
    const workflow = Number(truthIds(h.sim, "applicantworkflows")[7]);
    h.sim.state.hide("jobs", [job]);
    h.sim.state.hide("applicantworkflows", [workflow]);
    expect((await run("deletion_scan")).status).toBe("succeeded");
    expect(await h.storedIds("jobs")).not.toContain(String(job));
    expect(await h.storedIds("applications")).not.toContain(String(workflow));
    h.sim.state.unhide("jobs", [job]);
    h.sim.state.unhide("applicantworkflows", [workflow]);
    const scan = await run("deletion_scan");
    expect(scan.status).toBe("succeeded");
    expect(await h.storedIds("jobs")).toContain(String(job));
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
    // Its hiring team came back with it (rows of a fed model return with their feeder's read).
    const team = await h.atsync.storage.records.list(h.integrationId, "job_hiring_team_members", {
      page_size: 100,
      include_deleted: true,
      filters: [{ op: "in", field: "job_id", values: [unifiedId(h.integrationId, "jobs", String(job))] }],
    });
    expect(team.results.length).toBeGreaterThan(0);
    expect(team.results.every((r) => r.remote_deleted_at === null)).toBe(true);
  });

  it("transient 500s on searches, GETs and token requests never fail a run", async () => {
    h = await startIcimsHarness({ simulator: { jobs: 40, people: 300, applications: 600 } });
    // Two 500/503 in a row every 40 calls: each call's retries get past them.
    h.sim.state.setFaults({ errorBurst: { every: 40, length: 2 }, faultTargets: ["search", "get", "token"] });
    const full = await run("full");
    expect(full.error).toBeNull();
    expect(full.status).toBe("succeeded");
    expect(h.sim.state.faultStats().burstErrors).toBeGreaterThan(20);
    const workflowSearches = h.sim.state.stats()["POST /search/applicantworkflows"];
    expect(workflowSearches).toBeGreaterThan(searches(600));
    h.sim.state.setFaults({ errorBurst: null });
    expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
    expect(await h.storedIds("candidates")).toEqual(truthIds(h.sim, "candidates"));
  });

  it("a user's changed email reaches users in the next delta though none of their jobs changed", async () => {
    h = await startIcimsHarness();
    await run("full");
    const userId = (await h.storedIds("users"))[0] as string;
    editLater("people", [userId], { email: "changed.user@example.com" });
    const delta = await run("delta");
    expect(delta.status).toBe("succeeded");
    const user = await h.atsync.storage.records.get(
      h.integrationId,
      "users",
      unifiedId(h.integrationId, "users", userId),
    );
    expect(user?.email).toBe("changed.user@example.com");
  });

  it("a full sync fetches each record once: ≤ 1.02 × (N GETs + 2 × ⌈(N+1)/1000⌉ searches: the read's and the count of its total) per profile type", async () => {
    h = await startIcimsHarness({ simulator: { jobs: 120, people: 1500, applications: 2600 } });
    h.sim.state.resetStats();
    expect((await run("full")).status).toBe("succeeded");
    const stats = h.sim.state.stats();
    const n = {
      jobs: h.sim.state.list("jobs").length,
      people: h.sim.state.list("people").length,
      applicantworkflows: h.sim.state.list("applicantworkflows").length,
    };
    expect(stats["GET /jobs/{id}"]).toBe(n.jobs);
    expect(stats["GET /people/{id}"]).toBe(n.people);
    expect(stats["GET /applicantworkflows/{id}"]).toBe(n.applicantworkflows);
    for (const type of ["jobs", "people", "applicantworkflows"] as const) {
      const calls = (stats[`GET /${type}/{id}`] ?? 0) + (stats[`POST /search/${type}`] ?? 0);
      const minimum = n[type] + 2 * Math.ceil((n[type] + 1) / 1000);
      expect(calls, type).toBeLessThanOrEqual(1.02 * minimum);
    }
  });

  it("a deletion scan lists with id searches, and GETs each job once for the models jobs feed", async () => {
    h = await startIcimsHarness({ simulator: { jobs: 60, people: 400, applications: 900 } });
    await run("full");
    h.sim.state.resetStats();
    const scan = await run("deletion_scan");
    expect(scan.status).toBe("succeeded");
    const stats = h.sim.state.stats();
    expect(stats["GET /jobs/{id}"]).toBe(60);
    expect(stats["GET /applicantworkflows/{id}"] ?? 0).toBe(0);
    expect(stats["POST /search/applicantworkflows"]).toBe(searches(900));
  });

  it("a delta costs the k changed records' GETs plus their searches, nothing more per profile type", async () => {
    h = await startIcimsHarness({ simulator: { jobs: 120, people: 1500, applications: 2600 } });
    await run("full");
    const workflows = truthIds(h.sim, "applicantworkflows").slice(100, 400);
    editLater("applicantworkflows", workflows, { sourcename: "x" });
    h.sim.state.resetStats();
    const delta = await run("delta");
    expect(delta.status).toBe("succeeded");
    const stats = h.sim.state.stats();
    expect(stats["GET /applicantworkflows/{id}"]).toBe(workflows.length);
    expect(stats["POST /search/applicantworkflows"]).toBe(searches(workflows.length));
    expect(stats["GET /jobs/{id}"] ?? 0).toBe(0);
    expect(stats["GET /people/{id}"] ?? 0).toBe(0);
  });
});
