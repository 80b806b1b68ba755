import { describe, expect, it } from "vitest";
import { startSimulator } from "../test/simulator.js";

type Json = Record<string, unknown>;

describe("deterministic lazy data", () => {
  it("generates the same records for the same seed and different ones for another seed", async () => {
    const a = await startSimulator({ seed: 7 });
    const b = await startSimulator({ seed: 7 });
    const c = await startSimulator({ seed: 8 });
    const strip = (records: Json[]) => JSON.stringify(records).replaceAll(/http:\/\/127\.0\.0\.1:\d+/g, "");
    expect(strip(a.sim.state.list("applicantworkflows"))).toBe(strip(b.sim.state.list("applicantworkflows")));
    expect(strip(a.sim.state.list("people"))).not.toBe(strip(c.sim.state.list("people")));
  });

  it("serves over HTTP exactly what state.get reports (custom fields only when asked for)", async () => {
    const { api, sim } = await startSimulator({ exposeTimestamps: true });
    const job = sim.state.list("jobs")[3] as Json;
    const { links, ...rest } = (await (await api(`/jobs/${job["id"]}`)).json()) as Json;
    const { postedto, ...truth } = job;
    const custom = Object.keys(truth).filter((key) => /^field\d+$/.test(key));
    expect(custom.length).toBeGreaterThan(0);
    expect(links).toBeDefined();
    expect({ id: job["id"], ...rest }).toEqual(
      Object.fromEntries(Object.entries(truth).filter(([key]) => !custom.includes(key))),
    );
    const asked = (await (await api(`/jobs/${job["id"]}?fields=${custom.join(",")}`)).json()) as Json;
    expect(Object.fromEntries(custom.map((key) => [key, asked[key]]))).toEqual(
      Object.fromEntries(custom.map((key) => [key, truth[key]])),
    );
  });

  it("gives every application a unique person × job pair", async () => {
    const { sim } = await startSimulator({ jobs: 10, people: 60, applications: 500 });
    const pairs = sim.state
      .list("applicantworkflows")
      .map((w) => `${(w["associatedprofile"] as Json)["id"]}×${(w["baseprofile"] as Json)["id"]}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it("refuses more applications than candidate × job pairs", async () => {
    await expect(startSimulator({ jobs: 2, people: 3, applications: 10 })).rejects.toThrow(RangeError);
  });
});

describe("state.mutate", () => {
  it("creates and updates records with write-body shapes", async () => {
    const { sim } = await startSimulator();
    const { id } = sim.state.mutate({
      op: "create",
      type: "jobs",
      fields: { jobtitle: "Diver", folder: { value: "Approved" }, postedto: ["jobs"] },
    });
    sim.state.mutate({ op: "update", type: "jobs", id, fields: { numberofpositions: 4 } });
    expect(sim.state.get("jobs", id)).toMatchObject({
      id,
      jobtitle: "Diver",
      numberofpositions: 4,
      folder: { value: "Approved" },
      postedto: ["jobs"],
    });
    expect(sim.state.list("jobs").at(-1)?.id).toBe(id);
  });

  it("throws on invalid input", async () => {
    const { sim } = await startSimulator();
    expect(() => sim.state.mutate({ op: "update", type: "jobs", id: 1, fields: {} })).toThrow(/not found/);
    const id = sim.state.list("jobs")[0]?.id ?? 0;
    expect(() =>
      sim.state.mutate({ op: "update", type: "jobs", id, fields: { folder: { id: "C0" } } }),
    ).toThrow(/not a valid option/);
  });
});

describe("§10.19 purge", () => {
  it("removes a purged job and its workflows from GETs and searches", async () => {
    const { api, search, sim } = await startSimulator({ searchCache: false });
    const workflow = sim.state.list("applicantworkflows")[0]!;
    const jobId = (workflow["baseprofile"] as Json)["id"] as number;
    const workflowsOfJob = sim.state
      .list("applicantworkflows")
      .filter((w) => (w["baseprofile"] as Json)["id"] === jobId);
    sim.state.mutate({ op: "purge", type: "jobs", id: jobId });
    expect((await api(`/jobs/${jobId}`)).status).toBe(404);
    expect((await api(`/applicantworkflows/${workflow.id}`)).status).toBe(404);
    expect(await search("jobs", { filters: [{ name: "job.id", value: [String(jobId)] }] })).toEqual([]);
    const remaining = await search("applicantworkflows", {
      filters: [{ name: "applicantworkflow.job.id", value: [String(jobId)] }],
    });
    expect(remaining).toEqual([]);
    expect(sim.state.list("applicantworkflows")).toHaveLength(500 - workflowsOfJob.length);
  });
});

describe("§10.20 merge", () => {
  it("renames the loser, moves it to Purge and keeps the earliest createddate on the survivor", async () => {
    const { sim } = await startSimulator();
    const ms = (value: unknown) => {
      const [, date, h, m, ap] = /^(\S+) (\d+):(\d+) (AM|PM)$/.exec(String(value)) ?? [];
      return (
        Date.parse(`${date}T00:00:00Z`) +
        (((Number(h) % 12) + (ap === "PM" ? 12 : 0)) * 60 + Number(m)) * 60_000
      );
    };
    const byAge = sim.state
      .list("people")
      .slice(20, 40)
      .sort((x, y) => ms(x["createddate"]) - ms(y["createddate"]));
    const [loser, survivor] = [byAge[0] as Json, byAge.at(-1) as Json];
    sim.state.mutate({ op: "merge", survivorId: survivor["id"] as number, loserId: loser["id"] as number });
    const merged = sim.state.get("people", loser["id"] as number);
    expect(merged?.["firstname"]).toBe(`Merged with ${survivor["id"]} - 2025-03-10`);
    expect(merged?.["folder"]).toMatchObject({ value: "Purge" });
    const kept = sim.state.get("people", survivor["id"] as number);
    expect(kept?.["firstname"]).toBe(survivor["firstname"]);
    expect(kept?.["createddate"]).toBe(loser["createddate"]);
  });

  it("moves the loser's workflows to the survivor", async () => {
    const { sim } = await startSimulator({ jobs: 20, people: 200, applications: 600 });
    const people = sim.state.list("people");
    const [survivor, loser] = [people[50]?.id ?? 0, people[51]?.id ?? 0];
    const ofPerson = (id: number) =>
      sim.state.list("applicantworkflows").filter((w) => (w["associatedprofile"] as Json)["id"] === id);
    const jobs = new Set(
      [...ofPerson(survivor), ...ofPerson(loser)].map((w) => (w["baseprofile"] as Json)["id"]),
    );
    sim.state.mutate({ op: "merge", survivorId: survivor, loserId: loser });
    expect(ofPerson(loser)).toEqual([]);
    expect(new Set(ofPerson(survivor).map((w) => (w["baseprofile"] as Json)["id"]))).toEqual(jobs);
  });
});

describe("state.stats", () => {
  it("counts requests per stable route key", async () => {
    const { api, sim } = await startSimulator();
    const person = sim.state.list("people")[0]?.id;
    await api(`/people/${person}`);
    await api(`/people/${person}`);
    await api("/search/people", {
      method: "POST",
      json: { filters: [{ name: "person.id", value: ["0"], operator: ">" }] },
    });
    await api("/nope");
    await fetch(sim.tokenUrl, { method: "POST" });
    expect(sim.state.stats()).toEqual({
      "GET /people/{id}": 2,
      "POST /oauth/token": 1,
      "POST /search/people": 1,
      unmatched: 1,
    });
    sim.state.resetStats();
    expect(sim.state.stats()).toEqual({});
  });
});

describe("clock", () => {
  it("follows real time unless frozen and moves with advance", async () => {
    const { sim } = await startSimulator({ freezeClock: false, startTime: 1_000_000 });
    const t0 = sim.state.now();
    sim.state.advance(10_000);
    expect(sim.state.now() - t0).toBeGreaterThanOrEqual(10_000);
    expect(() => sim.state.advance(-1)).toThrow(RangeError);
  });
});
