import { describe, expect, it } from "vitest";
import { readAll, startTest } from "../test/harness.js";

/** Searches of a paged listing of n matches: the pages, plus the one answer confirming its end. */
const searches = (n: number) => Math.ceil((n + 1) / 1000) + 1;

describe("call accounting (simulator stats)", () => {
  it("a full read of N applications costs exactly N record GETs + ceil((N+1)/1000) + 1 searches", async () => {
    const { sim, session } = await startTest({ people: 600, applications: 2300 });
    await readAll(session, "application_stages");
    sim.state.resetStats();
    const records = await readAll(session, "applications");
    expect(records).toHaveLength(2300);
    expect(sim.state.stats()).toEqual({
      "GET /applicantworkflows/{id}": 2300,
      "POST /search/applicantworkflows": searches(2300),
    });
  });

  it("a full read of exactly 1000 records costs the empty search and the one confirming it", async () => {
    const { sim, session } = await startTest({ people: 1000, applications: 0 });
    const records = await readAll(session, "candidates");
    // The simulator's few users are staff without applications: not candidates (one workflow search each).
    const staff = sim.state
      .list("people")
      .filter((p) => !/^Candidate/.test(String((p["folder"] as { value?: string })?.value)));
    expect(records).toHaveLength(1000 - staff.length);
    // A fresh session discovers the tenant's person custom fields once (Schema API).
    expect(sim.state.stats()).toEqual({
      "GET /people/{id}": 1000,
      "GET /profiledefinitions/v1/person/schema": 1,
      "POST /search/people": 3,
      "POST /search/applicantworkflows": staff.length,
      "POST /oauth/token": 1,
    });
  });

  it("a fresh session's full read of jobs GETs each job once and each referenced user once", async () => {
    const { sim, session } = await startTest({ jobs: 35 });
    const users = new Set<string>();
    let jobs = 0;
    for await (const page of session.read("jobs")) {
      jobs += page.records.length;
      for (const user of page.related?.users ?? []) users.add(user.remote_id);
    }
    expect(jobs).toBe(35);
    expect(users.size).toBeGreaterThan(0);
    // One Schema API call per profile type: the job custom fields, and the person ones the
    // hiring-team GETs ask for so the candidates read can take those people instead of a GET.
    expect(sim.state.stats()).toEqual({
      "GET /jobs/{id}": 35,
      "GET /people/{id}": users.size,
      "GET /profiledefinitions/v1/job/schema": 1,
      "GET /profiledefinitions/v1/person/schema": 1,
      "POST /search/jobs": 2,
      "POST /oauth/token": 1,
    });
  });

  it("discovers custom fields once per session: a second read of jobs and candidates asks no schema", async () => {
    const { sim, session } = await startTest({ jobs: 10, people: 100, applications: 50 });
    await readAll(session, "jobs");
    await readAll(session, "candidates");
    sim.state.resetStats();
    await readAll(session, "jobs");
    await readAll(session, "candidates");
    const schemaCalls = Object.keys(sim.state.stats()).filter((key) => key.includes("profiledefinitions"));
    expect(schemaCalls).toEqual([]);
  });

  it("a delta read with k changes costs k GETs + ceil((k+1)/1000) + 1 searches, plus those inside the overlap", async () => {
    const { sim, session } = await startTest({ people: 600, applications: 2300 });
    await readAll(session, "application_stages");
    const startedAt = sim.state.now();
    await readAll(session, "applications");
    const ids = sim.state.list("applicantworkflows").map((w) => w.id);
    const changeSource = (id: number) =>
      sim.state.mutate({
        op: "update",
        type: "applicantworkflows",
        id,
        fields: { sourcename: `changed ${id}` },
      });
    // r records changed while the full read ran: inside the overlap, read again by the delta.
    const insideOverlap = ids.slice(0, 7);
    for (const id of insideOverlap) changeSource(id);
    sim.state.advance(2 * 60 * 60_000);
    const changed = ids.slice(100, 1300);
    for (const id of changed) changeSource(id);
    // As in a sync run, stages are read right before applications (refreshing the status tree).
    await readAll(session, "application_stages");
    sim.state.resetStats();

    const overlapMs = 30 * 60_000;
    const delta = await readAll(session, "applications", { since: new Date(startedAt - overlapMs) });
    const k = changed.length;
    const r = insideOverlap.length;
    expect(delta.map((a) => Number(a.remote_id)).sort((a, b) => a - b)).toEqual([
      ...insideOverlap,
      ...changed,
    ]);
    expect(sim.state.stats()).toEqual({
      "GET /applicantworkflows/{id}": k + r,
      "POST /search/applicantworkflows": searches(k + r),
    });
  });

  it("listRemoteIds costs only id searches: ceil((N+1)/1000) + 1, no record GETs", async () => {
    const { sim, session } = await startTest({ people: 600, applications: 2300 });
    let ids = 0;
    for await (const page of session.listRemoteIds("applications")) ids += page.length;
    expect(ids).toBe(2300);
    expect(sim.state.stats()).toEqual({
      "POST /search/applicantworkflows": searches(2300),
      "POST /oauth/token": 1,
    });
  });
});
