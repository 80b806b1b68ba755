import { isAtsyncError } from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { listAll, readAll, startTest, truthIds } from "../test/harness.js";

describe("reads against the simulator", () => {
  it("reads every record of each model, as the simulator holds them", async () => {
    const { sim, session } = await startTest();
    for (const model of [
      "users",
      "application_stages",
      "jobs",
      "job_postings",
      "candidates",
      "applications",
    ] as const) {
      const records = await readAll(session, model);
      expect(records.map((r) => r.remote_id).sort(), model).toEqual(truthIds(sim, model).sort());
    }
  });

  it("pages by cursor: N records cost ⌈N/per_page⌉ pages plus one confirmation of the short last page", async () => {
    const { sim, session } = await startTest({}, { settings: { perPage: 40 } });
    sim.state.resetStats();
    const records = await readAll(session, "candidates");
    expect(records).toHaveLength(150);
    expect(sim.state.stats()["GET /v3/candidates"]).toBe(Math.ceil(150 / 40) + 1);
  });

  it("resumes after a page's checkpoint, never re-reading it, and refuses foreign checkpoints", async () => {
    const { session } = await startTest({}, { settings: { perPage: 40 } });
    const pages = [];
    for await (const page of session.read("applications")) pages.push(page);
    expect(pages.length).toBe(Math.ceil(300 / 40));
    const second = pages[1]?.checkpoint as string;
    const rest = await readAll(session, "applications", { resume: second });
    expect(rest.map((r) => r.remote_id)).toEqual(
      pages.slice(2).flatMap((p) => p.records.map((r) => r.remote_id)),
    );
    await expect(
      readAll(session, "applications", { resume: "https://evil.example/?cursor=x" }),
    ).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
  });

  it("delta reads return what changed at or after since, nothing else", async () => {
    const { sim, session } = await startTest();
    const before = new Date(sim.state.now());
    sim.state.advance(1000);
    const candidate = truthIds(sim, "candidates")[5] as string;
    sim.state.update("candidates", Number(candidate), { title: "CTO" });
    const changed = await readAll(session, "candidates", { since: before });
    expect(changed.map((r) => r.remote_id)).toEqual([candidate]);
    expect(changed[0]?.title).toBe("CTO");
    await expect(readAll(session, "candidates", { since: new Date(Number.NaN) })).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
  });

  it("scoped reads and listings return exactly the scope's existing ids, 50 per request", async () => {
    const { sim, session } = await startTest();
    const all = truthIds(sim, "applications");
    const scope = [...all.slice(0, 60), "999999999", "not-an-id"];
    const records = await readAll(session, "applications", { scope });
    expect(records.map((r) => r.remote_id).sort()).toEqual(all.slice(0, 60).sort());
    expect((await listAll(session, "applications", scope)).sort()).toEqual(all.slice(0, 60).sort());
  });

  it("lists ids with fields=id at 500 per page, and confirms deletions by ids=", async () => {
    const { sim, session } = await startTest();
    sim.state.resetStats();
    const ids = await listAll(session, "applications");
    expect(ids.sort()).toEqual(truthIds(sim, "applications").sort());
    expect(sim.state.stats()["GET /v3/applications"]).toBe(2);
    const [kept, removed] = truthIds(sim, "jobs");
    sim.state.remove("jobs", Number(removed));
    const gone = await session.confirmGone?.("jobs", [kept as string, removed as string, "x"]);
    expect(gone?.sort()).toEqual([removed, "x"].sort());
  });

  it("does not end or shorten a listing on empty or cut-short pages", async () => {
    const { sim, session } = await startTest(
      { faults: { emptyPageRate: 0.3, shortPageRate: 0.3 } },
      { settings: { perPage: 25 } },
    );
    const read = await readAll(session, "applications");
    expect(read.map((r) => r.remote_id).sort()).toEqual(truthIds(sim, "applications").sort());
    expect((await listAll(session, "candidates")).sort()).toEqual(truthIds(sim, "candidates").sort());
    const faults = sim.state.faultStats() as unknown as Record<string, number>;
    expect((faults.emptyPages ?? 0) + (faults.shortPages ?? 0)).toBeGreaterThan(0);
  });

  it("survives 5xx, dropped connections and cut bodies with retries, and surfaces them without", async () => {
    const { sim, session } = await startTest(
      { faults: { errorRate: 0.2, dropRate: 0.05, malformedRate: 0.1, faultTargets: ["list"] } },
      { settings: { perPage: 50 } },
    );
    expect((await readAll(session, "applications")).length).toBe(300);
    const { openSession, simulatorCredentials, simulatorClock } = await import("../test/harness.js");
    sim.state.setFaults({ errorRate: 1, dropRate: 0, malformedRate: 0 });
    const strict = openSession(simulatorCredentials(sim), {}, { retryLimit: 0 }, simulatorClock(sim));
    const error = await readAll(strict.session, "jobs").catch((e: unknown) => e);
    expect(isAtsyncError(error)).toBe(true);
    expect(error).toMatchObject({ code: "REMOTE.SERVICE_UNAVAILABLE", kind: "transient" });
  });

  it("renews an expired token once, mid-read, with one token request for many concurrent calls", async () => {
    const { sim, session } = await startTest({}, { settings: { perPage: 50 } });
    await readAll(session, "users");
    sim.state.expireTokens();
    sim.state.resetStats();
    const results = await Promise.all([
      readAll(session, "jobs"),
      readAll(session, "candidates"),
      readAll(session, "users"),
    ]);
    expect(results.map((r) => r.length)).toEqual([12, 150, 14]);
    expect(sim.state.stats()["POST /token"]).toBe(1);
  });

  it("renews the token before it expires on the simulator's clock", async () => {
    const { sim, session } = await startTest({ tokenTtlS: 600 });
    await readAll(session, "users");
    sim.state.advance(580_000);
    sim.state.resetStats();
    await readAll(session, "users");
    expect(sim.state.stats()["POST /token"]).toBe(1);
    expect(sim.state.stats().unauthorized ?? 0).toBe(0);
  });

  it("throttles to the simulator's rate window instead of failing", async () => {
    const { sim, session } = await startTest(
      { freezeClock: false, startTime: undefined, rateLimit: { limit: 8, windowS: 1 } },
      { settings: { perPage: 20 }, http: { retryLimit: 0 } },
    );
    const started = Date.now();
    const records = await readAll(session, "applications");
    expect(records).toHaveLength(300);
    expect(Date.now() - started).toBeGreaterThan(1000);
    expect(sim.state.stats()["GET /v3/applications"]).toBeGreaterThan(8);
  });
});

describe("secrets", () => {
  it("never appear in errors of rejected credentials or failed calls", async () => {
    const { inspect } = await import("node:util");
    const { openSession, simulatorCredentials } = await import("../test/harness.js");
    const { sim, credentials } = await startTest();
    const wrong = openSession({ ...credentials, clientSecret: "wrong-s3cr3t-value" }, {}, { retryLimit: 0 });
    const rejected = await wrong.session.check().catch((e: unknown) => e);
    expect(rejected).toMatchObject({ code: "INTEGRATION.AUTHENTICATION_INVALID" });
    sim.state.setFaults({ errorRate: 1, faultTargets: ["list"] });
    const failed = await readAll(
      openSession(simulatorCredentials(sim), {}, { retryLimit: 0 }).session,
      "users",
    ).catch((e: unknown) => e);
    for (const error of [rejected, failed]) {
      const dump = inspect(error, { depth: 10 });
      expect(dump).not.toContain("wrong-s3cr3t-value");
      expect(dump).not.toContain(sim.credentials.clientSecret);
      expect(dump).not.toMatch(/Bearer |Basic /);
    }
  });
});
