import { describe, expect, it } from "vitest";
import { readAll, startTest } from "./test-harness.js";

const searches = (n: number) => Math.ceil((n + 1) / 1000);

describe("call accounting (simulator stats)", () => {
  it("a full read of N applications costs exactly N record GETs + ceil((N+1)/1000) searches", async () => {
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

  it("a full read of exactly 1000 records costs the extra empty search", async () => {
    const { sim, session } = await startTest({ people: 1000, applications: 0 });
    const records = await readAll(session, "candidates");
    expect(records).toHaveLength(1000);
    expect(sim.state.stats()).toEqual({
      "GET /people/{id}": 1000,
      "POST /search/people": 2,
      "POST /oauth/token": 1,
    });
  });

  it("a fresh session's full read of jobs costs N GETs + 1 search + 1 token call", async () => {
    const { sim, session } = await startTest({ jobs: 35 });
    await readAll(session, "jobs");
    expect(sim.state.stats()).toEqual({
      "GET /jobs/{id}": 35,
      "POST /search/jobs": 1,
      "POST /oauth/token": 1,
    });
  });

  it("a delta read with k changes costs k GETs + ceil((k+1)/1000) searches, plus those inside the overlap", async () => {
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

  it("listRemoteIds costs only id searches: ceil((N+1)/1000), no record GETs", async () => {
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
