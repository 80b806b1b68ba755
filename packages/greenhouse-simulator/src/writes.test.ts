import { describe, expect, it } from "vitest";
import { nextLink, startSimulator } from "../test/simulator.js";

type Rec = { id: number } & Record<string, unknown>;
const json = async (res: Response) => (await res.json()) as Rec & { errors?: string[] };

describe("writes", () => {
  it("creates a candidate with an application; validates like the API (422 {errors})", async () => {
    const { sim, api } = await startSimulator();
    const job = sim.state.list("jobs").find((j) => j.status === "open") as Rec;
    const res = await api("/candidates", {
      method: "POST",
      json: {
        first_name: "Ada",
        last_name: "Lovelace",
        email_addresses: [{ value: "ada@example.com", type: "personal" }],
        tags: ["Referral"],
        application: { job_id: job.id },
      },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { candidate: Rec; application: Rec };
    expect(body.candidate).toMatchObject({ first_name: "Ada", tags: ["Referral"] });
    expect(body.application).toMatchObject({
      candidate_id: body.candidate.id,
      job_id: job.id,
      status: "in_process",
    });
    const bad = await api("/candidates", { method: "POST", json: { first_name: "Ada" } });
    expect(bad.status).toBe(422);
    expect((await json(bad)).errors).toEqual(["last_name is required"]);
    const again = await api("/applications", {
      method: "POST",
      json: { candidate_id: body.candidate.id, job_id: job.id },
    });
    expect(again.status).toBe(422);
  });

  it("moves (advance and explicit), rejects with a reason, unrejects", async () => {
    const { sim, api } = await startSimulator();
    const app = sim.state
      .list("applications")
      .find((a) => a.status === "in_process" && !a.prospect && a.stage_name === "Application Review") as Rec;
    const stages = sim.state
      .list("job_interview_stages")
      .filter((s) => s.job_id === app.job_id)
      .sort((a, b) => (a.sort_order as number) - (b.sort_order as number));
    const advanced = await json(
      await api(`/applications/${app.id}/move`, {
        method: "POST",
        json: { from_stage_id: app.job_interview_stage_id },
      }),
    );
    expect(advanced.job_interview_stage_id).toBe(stages[1]?.id);
    const wrongFrom = await api(`/applications/${app.id}/move`, {
      method: "POST",
      json: { from_stage_id: stages[0]?.id, to_stage_id: stages[2]?.id },
    });
    expect(wrongFrom.status).toBe(422);
    const otherJobStage = sim.state.list("job_interview_stages").find((s) => s.job_id !== app.job_id) as Rec;
    expect(
      (
        await api(`/applications/${app.id}/move`, {
          method: "POST",
          json: { from_stage_id: stages[1]?.id, to_stage_id: otherJobStage.id },
        })
      ).status,
    ).toBe(422);
    expect((await api(`/applications/${app.id}/reject`, { method: "POST", json: {} })).status).toBe(422);
    const reason = sim.state.list("rejection_reasons")[0] as Rec;
    sim.state.advance(5_000);
    const rejected = await json(
      await api(`/applications/${app.id}/reject`, {
        method: "POST",
        json: { rejection_reason_id: reason.id, notes: "No" },
      }),
    );
    expect(rejected).toMatchObject({
      status: "rejected",
      rejection_reason_id: reason.id,
      rejected_at: new Date(sim.state.now()).toISOString(),
    });
    expect(sim.state.list("rejection_details").filter((d) => d.application_id === app.id)).toHaveLength(1);
    const restored = await json(await api(`/applications/${app.id}/unreject`, { method: "POST" }));
    expect(restored).toMatchObject({
      status: "in_process",
      rejection_reason_id: null,
      rejected_at: null,
      job_interview_stage_id: stages[1]?.id,
    });
    expect(sim.state.list("rejection_details").filter((d) => d.application_id === app.id)).toHaveLength(0);
    expect((await api(`/applications/${app.id}/unreject`, { method: "POST" })).status).toBe(422);
  });

  it("adds a note, adds and removes a tag, uploads an attachment (replacing the resume)", async () => {
    const { sim, api } = await startSimulator();
    const candidate = sim.state.list("candidates").find((c) => (c.tags as string[]).length === 0) as Rec;
    const user = sim.state
      .list("users")
      .find((u) => u.deactivated === false && u.id !== sim.serviceAccountUserId) as Rec;
    const note = await api("/notes", {
      method: "POST",
      json: {
        candidate_id: candidate.id,
        user_id: user.id,
        body: "Called",
        visibility: "public",
        note_type: "NOTE",
      },
    });
    expect(note.status).toBe(201);
    expect(await json(note)).toMatchObject({ candidate_id: candidate.id, type: "NOTE" });
    expect(
      (
        await api("/notes", {
          method: "POST",
          json: {
            candidate_id: candidate.id,
            user_id: user.id,
            body: "x",
            visibility: "secret",
            note_type: "NOTE",
          },
        })
      ).status,
    ).toBe(422);
    const tag = sim.state.list("candidate_tags")[0] as Rec;
    const applied = await api("/applied_candidate_tags", {
      method: "POST",
      json: { candidate_id: candidate.id, candidate_tag_id: tag.id },
    });
    expect(applied.status).toBe(201);
    expect(sim.state.get("candidates", candidate.id)?.tags).toEqual([tag.name]);
    expect(
      (
        await api("/applied_candidate_tags", {
          method: "POST",
          json: { candidate_id: candidate.id, candidate_tag_id: tag.id },
        })
      ).status,
    ).toBe(422);
    expect(
      (await api(`/applied_candidate_tags/${(await json(applied)).id}`, { method: "DELETE" })).status,
    ).toBe(204);
    expect(sim.state.get("candidates", candidate.id)?.tags).toEqual([]);
    const upload = await api("/attachments", {
      method: "POST",
      json: {
        candidate_id: candidate.id,
        filename: "cv.txt",
        type: "resume",
        content: Buffer.from("hello").toString("base64"),
        content_type: "text/plain",
      },
    });
    expect(upload.status).toBe(201);
    const listed = (await json(
      await api(`/attachments?candidate_ids=${candidate.id}&type=resume`),
    )) as unknown as Rec[];
    expect(listed).toHaveLength(1);
    expect(await (await fetch(listed[0]?.url as string)).text()).toBe("hello");
    expect(
      (
        await api("/attachments", {
          method: "POST",
          json: { candidate_id: candidate.id, filename: "x", type: "resume", content: "***" },
        })
      ).status,
    ).toBe(422);
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After past the per-window limit, X-RateLimit-* on every answer, and recovers in the next window", async () => {
    const { sim, api } = await startSimulator({ rateLimit: { limit: 3, windowS: 10 } });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api("/offices"));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["2", "1", "0", "0"]);
    expect(answers[0]?.headers.get("x-ratelimit-limit")).toBe("3");
    const reset = Number(answers[3]?.headers.get("x-ratelimit-reset"));
    expect(reset * 1000).toBeGreaterThan(sim.state.now());
    expect(Number(answers[3]?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    sim.state.advance(10_000);
    expect((await api("/offices")).status).toBe(200);
  });
});

describe("faults and stats", () => {
  it("counts calls per endpoint", async () => {
    const { sim, api } = await startSimulator();
    sim.state.resetStats();
    await api("/jobs");
    await api("/jobs");
    await api("/applied_candidate_tags/1", { method: "DELETE" });
    expect(sim.state.stats()).toEqual({ "DELETE /v3/applied_candidate_tags/{id}": 1, "GET /v3/jobs": 2 });
  });

  it("counts latency from the request's arrival: the call is handled first, then answered when it has passed", async () => {
    const latencyMs = 2_000;
    const { sim, api } = await startSimulator();
    sim.state.setFaults({ latencyMs });
    const started = performance.now();
    let answeredAt: number | null = null;
    const answer = api("/offices").then((res) => {
      answeredAt = performance.now();
      return res;
    });
    // The call is counted (handled) while its answer still waits out the latency.
    let countedAt: number | null = null;
    while (countedAt === null && answeredAt === null) {
      if (sim.state.stats()["GET /v3/offices"] === 1) countedAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await answer).status).toBe(200);
    expect(countedAt).not.toBeNull();
    expect((answeredAt ?? 0) - (countedAt ?? 0)).toBeGreaterThan(latencyMs / 2);
    expect((answeredAt ?? 0) - started).toBeGreaterThanOrEqual(latencyMs - 5);
  });

  it("injects 500/503, 429 storms, dropped connections, truncated bodies, slow answers, empty and short pages", async () => {
    const { sim, api } = await startSimulator();
    sim.state.setFaults({ errorRate: 1 });
    expect([500, 503]).toContain((await api("/jobs")).status);
    sim.state.setFaults({ errorRate: 0, rateLimitStorm: { every: 1, length: 1, retryAfterS: 7 } });
    const storm = await api("/jobs");
    expect([storm.status, storm.headers.get("retry-after")]).toEqual([429, "7"]);
    sim.state.setFaults({ rateLimitStorm: null, dropRate: 1 });
    await expect(api("/jobs")).rejects.toThrow();
    sim.state.setFaults({ dropRate: 0, malformedRate: 1 });
    await expect((await api("/jobs")).json()).rejects.toThrow();
    sim.state.setFaults({ malformedRate: 0, latencyMs: 150 });
    const started = Date.now();
    await api("/offices");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    sim.state.setFaults({ latencyMs: 0, emptyPageRate: 1 });
    const empty = await api("/candidates?per_page=10");
    expect(await empty.json()).toEqual([]);
    expect(nextLink(empty)).toBeDefined();
    expect(((await (await api("/candidates?per_page=10")).json()) as Rec[]).length).toBe(10);
    sim.state.setFaults({ emptyPageRate: 0, shortPageRate: 1 });
    const short = (await (await api("/candidates?per_page=10")).json()) as Rec[];
    expect(short.length).toBeGreaterThan(0);
    expect(short.length).toBeLessThan(10);
    expect(sim.state.faultStats()).toMatchObject({
      errors: 1,
      rateLimited: 1,
      drops: 1,
      malformed: 1,
      emptyPages: 1,
      shortPages: 1,
    });
    expect(() => sim.state.setFaults({ errorRate: 2 })).toThrow(RangeError);
  });
});
