import { unifiedId } from "@atsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";

let h: IcimsHarness;
afterEach(() => h?.close());

const HOUR = 3_600_000;
const run = (type: "full" | "delta" | "deletion_scan") => h.atsync.sync.runNow(h.integrationId, type);

async function expectIdsMatchTruth(): Promise<void> {
  expect(await h.storedIds("jobs")).toEqual(truthIds(h.sim, "jobs"));
  expect(await h.storedIds("candidates")).toEqual(truthIds(h.sim, "candidates"));
  expect(await h.storedIds("applications")).toEqual(truthIds(h.sim, "applicantworkflows"));
}

describe("sync engine on the iCIMS simulator", () => {
  it("a full sync reaches the simulator's truth for jobs, candidates and applications", async () => {
    h = await startIcimsHarness();
    const result = await run("full");
    expect(result.status).toBe("succeeded");
    await expectIdsMatchTruth();
    const person = h.sim.state.list("people")[3];
    const stored = await h.atsync.storage.records.get(
      h.integrationId,
      "candidates",
      unifiedId(h.integrationId, "candidates", String(person?.id)),
    );
    expect(stored?.first_name).toBe(person?.firstname);
    const workflow = h.sim.state.list("applicantworkflows")[5] as
      | { id: number; baseprofile?: { id: number } }
      | undefined;
    const app = await h.atsync.storage.records.get(
      h.integrationId,
      "applications",
      unifiedId(h.integrationId, "applications", String(workflow?.id)),
    );
    expect(app?.job_id).toBe(unifiedId(h.integrationId, "jobs", String(workflow?.baseprofile?.id)));
  });

  it("a delta picks up edits and new records, then a deletion scan removes purged and merged ones", async () => {
    h = await startIcimsHarness();
    await run("full");
    h.sim.state.advance(2 * HOUR);
    // Users are people the jobs reference (§13); leave those alone so no small model loses >20%.
    const users = new Set(await h.storedIds("users"));
    const people = h.sim.state.list("people").filter((p) => !users.has(String(p.id)));
    const edited = people[1]?.id as number;
    h.sim.state.mutate({ op: "update", type: "people", id: edited, fields: { firstname: "Renamed" } });
    const created = h.sim.state.mutate({
      op: "create",
      type: "people",
      fields: { firstname: "Newly", lastname: "Added" },
    }).id;
    h.sim.state.mutate({
      op: "merge",
      survivorId: people[2]?.id as number,
      loserId: people[4]?.id as number,
    });
    // A job without postings: with 9 postings, losing 2 would itself be over the 20% threshold.
    const postings = await h.atsync.storage.records.list(h.integrationId, "job_postings", { page_size: 100 });
    const posted = new Set(postings.results.map((p) => p.job_id));
    const purgedJob = h.sim.state
      .list("jobs")
      .map((j) => j.id as number)
      .find((id) => !posted.has(unifiedId(h.integrationId, "jobs", String(id)))) as number;
    h.sim.state.mutate({ op: "purge", type: "jobs", id: purgedJob });
    h.sim.state.advance(20 * 60_000);

    const delta = await run("delta");
    expect(delta.status).toBe("succeeded");
    const renamed = await h.atsync.storage.records.get(
      h.integrationId,
      "candidates",
      unifiedId(h.integrationId, "candidates", String(edited)),
    );
    expect(renamed?.first_name).toBe("Renamed");
    expect(await h.storedIds("candidates")).toContain(String(created));
    // The merged-away person is deleted by the delta itself (iCIMS' merge marker), and the
    // applications iCIMS moved to the survivor point at the survivor.
    const loser = String(people[4]?.id);
    const survivor = unifiedId(h.integrationId, "candidates", String(people[2]?.id));
    expect(await h.storedIds("candidates")).not.toContain(loser);
    const moved = h.sim.state
      .list("applicantworkflows")
      .filter((w) => String((w["associatedprofile"] as { id?: number })?.id) === String(people[2]?.id));
    for (const w of moved) {
      const app = await h.atsync.storage.records.get(
        h.integrationId,
        "applications",
        unifiedId(h.integrationId, "applications", String(w.id)),
      );
      expect(app?.candidate_id).toBe(survivor);
    }

    const scan = await run("deletion_scan");
    expect(scan.error).toBeNull();
    expect(scan.status).toBe("succeeded");
    await expectIdsMatchTruth();
    const job = await h.atsync.storage.records.get(
      h.integrationId,
      "jobs",
      unifiedId(h.integrationId, "jobs", String(purgedJob)),
    );
    expect(job?.remote_deleted_at).not.toBeNull();
  });

  it("quarantines a deletion scan when more than 20% (and at least the minimum count) of the jobs were purged", async () => {
    h = await startIcimsHarness({ settings: { createdApplicationsOnly: false, deletionMinimumCount: 3 } });
    await run("full");
    for (const job of h.sim.state.list("jobs").slice(0, 4))
      h.sim.state.mutate({ op: "purge", type: "jobs", id: job.id as number });
    const scan = await run("deletion_scan");
    expect(scan.status).toBe("deletion_quarantined");
    expect(await h.atsync.storage.records.count(h.integrationId, "jobs")).toBe(12);
  });

  it("created-only mode reads only what atsync created", async () => {
    h = await startIcimsHarness({ settings: {} });
    await run("full");
    expect(await h.atsync.storage.records.count(h.integrationId, "applications")).toBe(0);
    const jobId = unifiedId(h.integrationId, "jobs", truthIds(h.sim, "jobs")[2] as string);
    const created = await h.atsync.ats(h.integrationId).actions.createApplication(jobId, {
      candidate: { first_name: "Tracked", last_name: "Person", email_address: "tracked.person@example.com" },
    });
    const appId = (created.data as { id: string }).id;
    h.sim.state.advance(HOUR);
    expect((await run("delta")).status).toBe("succeeded");
    const apps = await h.storedIds("applications");
    expect(apps).toHaveLength(1);
    expect(unifiedId(h.integrationId, "applications", apps[0] as string)).toBe(appId);
  });
});
