import { describe, expect, it } from "vitest";
import { nextLink, startSimulator } from "../test/simulator.js";

type Rec = { id: number } & Record<string, unknown>;

describe("token endpoint", () => {
  it("issues a bearer token for the client (Basic), with expires_in, and refuses a wrong secret with 401 invalid_client", async () => {
    const { sim } = await startSimulator();
    const post = (auth: string, body = "grant_type=client_credentials") =>
      fetch(sim.tokenUrl, {
        method: "POST",
        headers: {
          Authorization: `Basic ${Buffer.from(auth).toString("base64")}`,
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body,
      });
    const ok = await post(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`);
    expect(ok.status).toBe(200);
    const token = (await ok.json()) as Record<string, unknown>;
    expect(token).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const wrong = await post(`${sim.credentials.clientId}:nope`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    expect(
      (await post(`${sim.credentials.clientId}:${sim.credentials.clientSecret}`, "grant_type=password"))
        .status,
    ).toBe(400);
    expect(
      (
        await post(
          `${sim.credentials.clientId}:${sim.credentials.clientSecret}`,
          "grant_type=client_credentials&sub=999999",
        )
      ).status,
    ).toBe(400);
  });

  it("answers 401 without a token, and after the token expires on the simulator clock", async () => {
    const { sim, api } = await startSimulator();
    expect((await fetch(`${sim.baseUrl}/jobs`)).status).toBe(401);
    expect((await api("/jobs")).status).toBe(200);
    sim.state.advance(3600_000);
    const expired = await api("/jobs");
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toContain("invalid_token");
  });
});

describe("cursor pagination", () => {
  it("pages to the end by Link rel=next with no duplicates or gaps, ids descending, last page without Link", async () => {
    const { sim, api, all } = await startSimulator();
    const first = await api("/candidates?per_page=40");
    expect(((await first.json()) as Rec[]).length).toBe(40);
    expect(nextLink(first)).toMatch(/\/v3\/candidates\?cursor=[A-Za-z0-9_-]+$/);
    const rows = await all("/candidates?per_page=40");
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(150);
    expect(ids).toEqual(sim.state.list("candidates").map((r) => r.id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it("defaults to 100 per page, refuses per_page over 500, and a cursor combined with other parameters (422)", async () => {
    const { api } = await startSimulator();
    const page = await api("/applications");
    expect(((await page.json()) as Rec[]).length).toBe(100);
    expect((await api("/applications?per_page=501")).status).toBe(422);
    const next = nextLink(page) as string;
    const combined = await api(`${next}&per_page=5`);
    expect(combined.status).toBe(422);
    expect(await combined.json()).toEqual({
      errors: ["When passing a cursor, do not include other query params."],
    });
    expect((await api("/applications?cursor=%%%")).status).toBe(422);
    expect((await api("/applications?colour=blue")).status).toBe(422);
  });
});

describe("filters", () => {
  it("updated_at=gte|…|lte|… windows match exactly the records whose updated_at lies in the window", async () => {
    const { sim, all } = await startSimulator();
    const from = "2024-10-01T00:00:00Z";
    const to = "2025-01-01T00:00:00.000Z";
    const got = await all(`/applications?per_page=50&updated_at=gte|${from}|lte|${to}`);
    const want = sim.state
      .list("applications")
      .filter(
        (r) =>
          Date.parse(r.updated_at as string) >= Date.parse(from) &&
          Date.parse(r.updated_at as string) <= Date.parse(to),
      );
    expect(want.length).toBeGreaterThan(0);
    expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
  });

  it("an edit through the control API gets a fresh updated_at and shows up in the next delta", async () => {
    const { sim, all } = await startSimulator();
    const target = sim.state.list("candidates")[10] as Rec;
    sim.state.advance(60_000);
    const since = new Date(sim.state.now()).toISOString();
    sim.state.advance(1_000);
    sim.state.update("candidates", target.id, { title: "CTO" });
    const delta = await all(`/candidates?updated_at=gte|${since}`);
    expect(delta.map((r) => r.id)).toEqual([target.id]);
    const lastActivity = await all(`/candidates?last_activity_at=gt|${since}`);
    expect(lastActivity.map((r) => r.id)).toEqual([target.id]);
  });

  it("rejects malformed date filters and bracket syntax with 422; ids filters take at most 50 ids", async () => {
    const { api } = await startSimulator();
    expect((await api("/candidates?updated_at=2024-01-01")).status).toBe(422);
    expect((await api("/candidates?updated_at=after|2024-01-01T00:00:00Z")).status).toBe(422);
    expect((await api("/candidates?updated_at[gte]=2024-01-01T00:00:00Z")).status).toBe(422);
    const ids = Array.from({ length: 51 }, (_, i) => i + 1).join(",");
    expect((await api(`/candidates?ids=${ids}`)).status).toBe(422);
  });

  it("filters applications by candidate, job and status; reads one record with ids=; fields= selects attributes", async () => {
    const { sim, api, all } = await startSimulator();
    const apps = sim.state.list("applications");
    const one = apps.find((a) => a.status === "rejected" && a.job_id !== null) as Rec;
    const byCandidate = await all(`/applications?candidate_ids=${String(one.candidate_id)}`);
    expect(byCandidate.map((r) => r.id)).toEqual(
      apps.filter((a) => a.candidate_id === one.candidate_id).map((a) => a.id),
    );
    const rejected = await all(`/applications?status=rejected&job_ids=${String(one.job_id)}`);
    expect(rejected.every((r) => r.status === "rejected" && r.job_id === one.job_id)).toBe(true);
    const single = (await (await api(`/applications?ids=${one.id}`)).json()) as Rec[];
    expect(single).toEqual([one]);
    const slim = (await (await api(`/applications?ids=${one.id}&fields=status`)).json()) as Rec[];
    expect(slim).toEqual([{ id: one.id, status: "rejected" }]);
    expect((await api(`/applications/${one.id}`)).status).toBe(404);
  });
});

describe("tenant", () => {
  it("jobs have their own stage sets: different jobs, different stage ids and templates", async () => {
    const { sim, all } = await startSimulator();
    const [a, b] = sim.state.list("jobs").slice(-2) as [Rec, Rec];
    const stagesA = await all(`/job_interview_stages?job_ids=${a.id}`);
    const stagesB = await all(`/job_interview_stages?job_ids=${b.id}`);
    expect(stagesA.every((s) => s.job_id === a.id)).toBe(true);
    expect(stagesA.map((s) => s.name)).not.toEqual(stagesB.map((s) => s.name));
    expect(stagesA.some((s) => stagesB.some((t) => t.id === s.id))).toBe(false);
    const appOfA = sim.state.list("applications").find((x) => x.job_id === a.id && !x.prospect) as Rec;
    expect(stagesA.map((s) => s.id)).toContain(appOfA.job_interview_stage_id);
  });

  it("has active, rejected (reason, rejected_at), hired and prospect applications, disabled users and a hidden service account", async () => {
    const { sim, all } = await startSimulator();
    const apps = sim.state.list("applications");
    for (const status of ["in_process", "rejected", "hired"])
      expect(apps.some((a) => a.status === status)).toBe(true);
    const rejected = apps.find((a) => a.status === "rejected") as Rec;
    expect(rejected.rejection_reason_id).toEqual(expect.any(Number));
    expect(rejected.rejected_at).toEqual(expect.any(String));
    expect(apps.some((a) => a.prospect === true && a.job_id === null)).toBe(true);
    const users = await all("/users");
    expect(users.some((u) => u.deactivated === true)).toBe(true);
    expect(users.map((u) => u.id)).not.toContain(sim.serviceAccountUserId);
    expect((await all("/users?show_service_accounts=true")).map((u) => u.id)).toContain(
      sim.serviceAccountUserId,
    );
    for (const resource of [
      "departments",
      "offices",
      "rejection_reasons",
      "sources",
      "candidate_tags",
      "custom_fields",
      "custom_field_options",
      "job_posts",
      "offers",
      "interviews",
      "notes",
      "attachments",
      "applied_candidate_tags",
      "rejection_details",
    ]) {
      expect((await all(`/${resource}?per_page=500`)).length, resource).toBeGreaterThan(0);
    }
    const candidate = sim.state.list("candidates")[0] as Rec;
    expect(Object.keys(candidate.custom_fields as object)).toEqual([
      "desired_salary",
      "willing_to_relocate",
      "available_from",
    ]);
  });

  it("serves attachments through an expiring download link", async () => {
    const { sim, all } = await startSimulator();
    const [attachment] = (await all("/attachments?per_page=1")) as Rec[];
    const file = await fetch(attachment?.url as string);
    expect(file.status).toBe(200);
    expect((await file.text()).startsWith("%PDF")).toBe(true);
    sim.state.advance(8 * 86_400_000);
    expect((await fetch(attachment?.url as string)).status).toBe(403);
  });

  it("is deterministic per seed", async () => {
    const a = await startSimulator({ seed: 7 });
    const b = await startSimulator({ seed: 7 });
    expect(a.sim.state.list("applications")).toEqual(b.sim.state.list("applications"));
  });
});
