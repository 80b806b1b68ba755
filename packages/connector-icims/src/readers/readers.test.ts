import type { RecordPage, RemoteRecord } from "@atsync/core/connector";
import { candidateIds } from "@atsync/icims-simulator";
import { describe, expect, it } from "vitest";
import { listAll, readAll, startTest } from "../../test/harness.js";

type Json = Record<string, unknown>;
const idOf = (value: unknown) => String((value as Json | undefined)?.["id"]);
const ids = (records: RemoteRecord[]) => records.map((r) => r.remote_id);
const OPEN_FOLDERS = ["Approved", "Open"];

describe("reads against the simulator's truth", () => {
  it("reads jobs with the folder mapped to a status", async () => {
    const { sim, session } = await startTest();
    const jobs = await readAll(session, "jobs");
    const truth = sim.state.list("jobs");
    expect(ids(jobs)).toEqual(truth.map((j) => String(j.id)));
    for (const [i, job] of jobs.entries()) {
      const folder = (truth[i]?.["folder"] as Json | undefined)?.["value"];
      expect(job["name"]).toBe(truth[i]?.["jobtitle"]);
      if (OPEN_FOLDERS.includes(String(folder))) expect(job["status"]).toBe("OPEN");
    }
  });

  it("reads users: the people jobs name as hiring team, plus configured login-group members", async () => {
    const { sim, session, credentials } = await startTest();
    const referenced = new Set(
      sim.state
        .list("jobs")
        .flatMap((j) =>
          ["recruiter", "secondaryrecruiter", "hiringmanager", "accountmanager"].map((f) => j[f]),
        )
        .filter((link) => link !== undefined)
        .map(idOf),
    );
    const users = await readAll(session, "users");
    expect(new Set(ids(users))).toEqual(referenced);
    expect(users.every((u) => typeof u["email"] === "string")).toBe(true);

    const integrationGroup = sim.state
      .listTree("lists.person.logingroups")
      ?.find((n) => n.value === "Integration User");
    const { openSession, simulatorClock } = await import("../../test/harness.js");
    const withGroups = openSession(
      { ...credentials, loginGroupIds: [integrationGroup?.id ?? ""] },
      {},
      simulatorClock(sim),
    ).session;
    const integrationUser = String(sim.state.list("people")[0]?.id);
    expect(referenced.has(integrationUser)).toBe(false);
    expect(ids(await readAll(withGroups, "users"))).toContain(integrationUser);
  });

  it("reads the hiring team: one row per job and user, all roles", async () => {
    const { sim, session } = await startTest();
    const rows = await readAll(session, "job_hiring_team_members");
    const job = sim.state.list("jobs").find((j) => j["secondaryrecruiter"] !== undefined) as Json;
    const recruiter = rows.find((r) => r.remote_id === `${job["id"]}:${idOf(job["recruiter"])}`);
    expect(recruiter?.["hiring_team_roles"]).toContain("RECRUITER");
    expect(rows.filter((r) => r["job_remote_id"] === String(job["id"])).length).toBeGreaterThanOrEqual(2);
  });

  it("reads application stages from the status list, in order", async () => {
    const { sim, session } = await startTest();
    const stages = await readAll(session, "application_stages");
    const truth = (sim.state.listTree("lists.applicantworkflow.status") ?? []).flatMap(
      (bin) => bin.children ?? [],
    );
    expect(stages.map((s) => [s.remote_id, s["name"], s["index"]])).toEqual(
      truth.map((s, i) => [s.id, s.value, i]),
    );
  });

  it("harvests stages from workflow statuses without a status list id", async () => {
    const { sim, session } = await startTest({}, { credentials: { statusListId: undefined } });
    const stages = await readAll(session, "application_stages");
    const seen = new Set(sim.state.list("applicantworkflows").map((w) => idOf(w["status"])));
    expect(new Set(ids(stages))).toEqual(seen);
    const applications = await readAll(session, "applications");
    const hired = applications.filter((a) => a["current_stage_remote_id"] === "D10500");
    expect(hired.length).toBeGreaterThan(0);
    expect(hired.every((a) => a["outcome"] === "HIRED")).toBe(true);
  });

  it("maps application outcomes from the status's bin", async () => {
    const { sim, session } = await startTest();
    const bins = sim.state.listTree("lists.applicantworkflow.status") ?? [];
    const binOf = new Map(bins.flatMap((b) => (b.children ?? []).map((s) => [s.id, b.value] as const)));
    const applications = await readAll(session, "applications");
    for (const application of applications) {
      const bin = binOf.get(String(application["current_stage_remote_id"]));
      const expected =
        bin === "Hired" ? "HIRED" : bin === "Not Selected" || bin === "Withdrawn" ? "DECLINED" : "PENDING";
      expect(application["outcome"]).toBe(expected);
    }
  });

  it("reads job postings of every configured portal", async () => {
    const { sim, session } = await startTest({ jobs: 60 });
    const postings = await readAll(session, "job_postings");
    const posted = sim.state
      .list("jobs")
      .filter((j) => OPEN_FOLDERS.includes(String((j["folder"] as Json)["value"])))
      .flatMap((j) => ((j["postedto"] as string[] | undefined) ?? []).map((portal) => `${portal}:${j.id}`));
    expect(new Set(ids(postings))).toEqual(new Set(posted));
    expect(postings.every((p) => p["status"] === "ACTIVE" && String(p["url"]).startsWith("https://"))).toBe(
      true,
    );
  });

  it("reads the screening-question library and each job's questions", async () => {
    const { sim, session } = await startTest();
    const questions = await readAll(session, "screening_questions");
    expect(ids(questions)).toEqual((sim.state.listTree("lists.screeningquestions") ?? []).map((n) => n.id));
    const jobQuestions = await readAll(session, "job_screening_questions");
    const truth = sim.state
      .list("jobs")
      .flatMap((j) =>
        ((j["screeningquestions"] as Json[] | undefined) ?? []).map((q) => `${j.id}:${idOf(q["question"])}`),
      );
    expect(ids(jobQuestions)).toEqual(truth);
  });

  it("resumes after any page's checkpoint", async () => {
    const { session } = await startTest({ people: 600, applications: 2100 });
    const pages = [];
    for await (const page of session.read("applications")) pages.push(page);
    expect(pages.map((p) => p.records.length)).toEqual([1000, 1000, 100]);
    const resumed = await readAll(session, "applications", { resume: pages[1]?.checkpoint ?? null });
    expect(ids(resumed)).toEqual(ids(pages[2]?.records ?? []));
  });

  it("reads a scope with exactly one GET per scoped id and no search", async () => {
    const { sim, session } = await startTest();
    const scope = sim.state
      .list("applicantworkflows")
      .slice(5, 9)
      .map((w) => String(w.id));
    sim.state.resetStats();
    const records = await readAll(session, "applications", { scope: [...scope, "999999999"] });
    expect(ids(records)).toEqual(scope);
    const stats = sim.state.stats();
    expect(stats["GET /applicantworkflows/{id}"]).toBe(5);
    expect(stats["POST /search/applicantworkflows"]).toBeUndefined();
    expect(await listAll(session, "applications", [...scope, "999999999"])).toEqual(scope);
  });

  it("intersects a delta with the scope", async () => {
    const { sim, session } = await startTest();
    const [a, b] = sim.state.list("applicantworkflows").slice(0, 2);
    for (const w of [a, b]) {
      sim.state.mutate({
        op: "update",
        type: "applicantworkflows",
        id: w?.id ?? 0,
        fields: { sourcename: "x" },
      });
    }
    const since = new Date(sim.state.now() - 60_000);
    expect(ids(await readAll(session, "applications", { since, scope: [String(a?.id)] }))).toEqual([
      String(a?.id),
    ]);
  });

  it("a read stopped by the quota inside a page of people keeps every person it fetched", async () => {
    // One page of 300 people, the quota spent in its middle: staff people (another folder) need a
    // workflow search each, which must not be left for after the page's GETs.
    const { sim, session } = await startTest({ people: 300, applications: 500, dailyQuota: 200 });
    const candidates = candidateIds(sim.state).map(String).sort();
    const staff = sim.state
      .list("people")
      .filter(
        (p) => !String((p["folder"] as Json | undefined)?.["value"] ?? "Candidate").startsWith("Candidate"),
      );
    expect(staff.length, "staff people in the tenant").toBeGreaterThan(5);
    const pages: RecordPage[] = [];
    await expect(
      (async () => {
        for await (const page of session.read("candidates")) pages.push(page);
      })(),
    ).rejects.toMatchObject({ code: "REMOTE.RATE_LIMIT_EXCEEDED" });
    const kept = pages.at(-1)?.checkpoint;
    expect(kept, "a page kept before the quota ran out").toEqual(expect.any(String));
    sim.state.advance(sim.state.quota().resetSeconds * 1000);
    const rest = await readAll(session, "candidates", { resume: kept ?? null });
    expect([...pages.flatMap((p) => ids(p.records)), ...ids(rest)].sort()).toEqual(candidates);
    // Each person is fetched once, but for the GETs in flight when the quota ran out (8 at a time).
    expect(sim.state.stats()["GET /people/{id}"]).toBeLessThanOrEqual(300 + 2 * 8);
  });

  it("refuses a checkpoint of another read", async () => {
    const { session } = await startTest();
    await expect(readAll(session, "applications", { resume: "jobs:12" })).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
  });

  it("skips records the search lists but iCIMS refuses to show (404, no access)", async () => {
    const { sim, session } = await startTest();
    const [first, second] = sim.state.list("jobs");
    sim.state.mutate({ op: "restrict", type: "jobs", id: second?.id ?? 0 });
    const jobs = ids(await readAll(session, "jobs"));
    expect(jobs).toContain(String(first?.id));
    expect(jobs).not.toContain(String(second?.id));
    expect(sim.state.stats()["GET /jobs/{id}"]).toBe(20);
  });
});
