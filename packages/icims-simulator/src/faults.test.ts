import { describe, expect, it } from "vitest";
import type { TestSimulator } from "../test/simulator.js";
import { startSimulator } from "../test/simulator.js";

describe("faults", () => {
  it("adds latency", async () => {
    const { api } = await startSimulator({ faults: { latencyMs: 60 } });
    const started = performance.now();
    await api("");
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("counts latency from the request's arrival: the call is handled first, then answered when it has passed", async () => {
    const latencyMs = 2_000;
    const { sim, api } = await startSimulator({ faults: { latencyMs } });
    const started = performance.now();
    let answeredAt: number | null = null;
    const answer = api("").then((res) => {
      answeredAt = performance.now();
      return res;
    });
    // The call is charged (handled) while its answer still waits out the latency.
    let chargedAt: number | null = null;
    while (chargedAt === null && answeredAt === null) {
      if (sim.state.quota().used === 1) chargedAt = performance.now();
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect((await answer).status).toBe(200);
    expect(chargedAt).not.toBeNull();
    expect((answeredAt ?? 0) - (chargedAt ?? 0)).toBeGreaterThan(latencyMs / 2);
    expect((answeredAt ?? 0) - started).toBeGreaterThanOrEqual(latencyMs - 5);
  });

  it("answers a share of calls with 500 (errors[]) or 503, deterministically per seed", async () => {
    const run = async () => {
      const { api } = await startSimulator({ faults: { errorRate: 0.5 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await api("")).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(503);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it("runs 429 storms with Retry-After", async () => {
    const { api } = await startSimulator({
      faults: { rateLimitStorm: { every: 5, length: 2, retryAfterS: 7 } },
    });
    const answers: [number, string | null][] = [];
    for (let i = 0; i < 10; i++) {
      const res = await api("");
      answers.push([res.status, res.headers.get("retry-after")]);
    }
    expect(answers.map(([s]) => s)).toEqual([200, 200, 200, 429, 429, 200, 200, 200, 429, 429]);
    expect(answers[3]?.[1]).toBe("7");
  });

  it("drops connections", async () => {
    const { api, sim } = await startSimulator();
    sim.state.setFaults({ dropRate: 1 });
    await expect(api("")).rejects.toThrow();
    sim.state.setFaults({ dropRate: 0 });
    expect((await api("")).status).toBe(200);
  });

  it("truncates JSON bodies", async () => {
    const { api, sim } = await startSimulator({ faults: { malformedRate: 1 } });
    const res = await api(`/jobs/${sim.state.list("jobs")[0]?.id}`);
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
  });

  it("counts faulted requests in stats", async () => {
    const { api, sim } = await startSimulator({ faults: { errorRate: 1 } });
    await api("");
    expect(sim.state.stats()).toEqual({ "GET /customers/{customerId}": 1 });
  });
});

type Json = Record<string, unknown>;

/** Every job id ≥ 0: a search whose answer is all jobs (20 in the test tenant). */
const ALL_JOBS = { filters: [{ name: "job.id", value: ["0"], operator: ">=" }] };

async function token(sim: TestSimulator["sim"]): Promise<Response> {
  const { clientId, clientSecret } = sim.credentials;
  return fetch(sim.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      audience: sim.audience,
    }).toString(),
  });
}

/** `POST /search/jobs` with ALL_JOBS: status and ids (undefined when the body is not a search answer). */
async function searchJobs(
  api: TestSimulator["api"],
  query = "",
): Promise<{ status: number; ids?: number[] }> {
  const res = await api(`/search/jobs${query}`, { method: "POST", json: ALL_JOBS });
  if (res.status !== 200) return { status: res.status };
  const data = (await res.json()) as { searchResults: { id: number }[] };
  return { status: res.status, ids: data.searchResults.map((r) => r.id) };
}

describe("fault targeting", () => {
  it("limits errors to the targeted request kinds", async () => {
    const { api, sim } = await startSimulator({ faults: { errorRate: 1, faultTargets: ["search"] } });
    const jobId = sim.state.list("jobs")[0]?.id;
    expect((await api(`/jobs/${jobId}`)).status).toBe(200);
    expect((await api("/v2/lists/lists.sources")).status).toBe(200);
    expect((await token(sim)).status).toBe(200);
    expect([500, 503]).toContain((await searchJobs(api)).status);
    expect(sim.state.faultStats().errors).toBe(1);
  });

  it("reaches token requests only when targeted", async () => {
    const { api, sim } = await startSimulator({ faults: { errorRate: 1 } });
    expect((await token(sim)).status).toBe(200);
    sim.state.setFaults({ faultTargets: ["token"] });
    expect([500, 503]).toContain((await token(sim)).status);
    expect((await api("")).status).toBe(200);
  });

  it("drops only targeted writes", async () => {
    const { api, sim } = await startSimulator({ faults: { dropRate: 1, faultTargets: ["write"] } });
    const person = sim.state.list("people")[0]?.id;
    expect((await api(`/people/${person}`)).status).toBe(200);
    await expect(api(`/people/${person}`, { method: "PATCH", json: { lastname: "X" } })).rejects.toThrow();
    expect(sim.state.faultStats().drops).toBe(1);
  });

  it("cuts only targeted bodies", async () => {
    const { api, sim } = await startSimulator({ faults: { malformedRate: 1, faultTargets: ["get"] } });
    expect((await searchJobs(api)).ids).toHaveLength(20);
    await expect((await api(`/jobs/${sim.state.list("jobs")[0]?.id}`)).json()).rejects.toThrow();
  });

  it("rejects unknown targets and out-of-range settings without changing anything", async () => {
    const { api, sim } = await startSimulator();
    expect(() => sim.state.setFaults({ faultTargets: ["gets" as "get"], errorRate: 1 })).toThrow(RangeError);
    expect(() => sim.state.setFaults({ errorBurst: { every: 2, length: 3 } })).toThrow(RangeError);
    expect(() => sim.state.setFaults({ emptyPageRate: 2 })).toThrow(RangeError);
    expect((await api("")).status).toBe(200);
  });
});

describe("5xx bursts", () => {
  it("answers runs of consecutive 500/503 within each cycle", async () => {
    const { api, sim } = await startSimulator({ faults: { errorBurst: { every: 5, length: 3 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await api("")).status);
    const failed = statuses.map((s) => s >= 500);
    expect(failed).toEqual(Array.from({ length: 20 }, (_, i) => i % 5 >= 2));
    expect(new Set(statuses.filter((s) => s >= 500))).toEqual(new Set([500, 503]));
    expect(sim.state.faultStats().burstErrors).toBe(12);
  });

  it("counts only targeted calls towards the cycle", async () => {
    const { api, sim } = await startSimulator({
      faults: { errorBurst: { every: 2, length: 1 }, faultTargets: ["search"] },
    });
    const jobId = sim.state.list("jobs")[0]?.id;
    const answers: number[] = [];
    for (let i = 0; i < 3; i++) {
      answers.push((await searchJobs(api)).status);
      answers.push((await api(`/jobs/${jobId}`)).status);
    }
    expect(answers.map((s) => (s >= 500 ? "5xx" : s))).toEqual([200, 200, "5xx", 200, 200, 200]);
  });
});

describe("latency spikes", () => {
  it("delays targeted requests by spikeMs and counts them", async () => {
    const { api, sim } = await startSimulator({
      faults: { spikeRate: 1, spikeMs: 80, faultTargets: ["get"] },
    });
    const started = performance.now();
    await api("");
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    await searchJobs(api);
    expect(sim.state.faultStats().latencySpikes).toBe(1);
  });

  it("spikes a seeded share of requests without shifting other faults' decisions", async () => {
    const run = async (spikeRate: number) => {
      const { api, sim } = await startSimulator({ faults: { errorRate: 0.5, spikeRate, spikeMs: 0 } });
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await api("")).status);
      return { statuses, spikes: sim.state.faultStats().latencySpikes };
    };
    const withoutSpikes = await run(0);
    const withSpikes = await run(0.3);
    expect(withSpikes.statuses).toEqual(withoutSpikes.statuses);
    expect(withSpikes.spikes).toBeGreaterThan(0);
    expect(withSpikes.spikes).toBeLessThan(30);
    expect((await run(0.3)).spikes).toBe(withSpikes.spikes);
  });
});

describe("empty and short search pages", () => {
  it("answers an empty page although rows match, never twice in a row for the same search", async () => {
    const { api, sim } = await startSimulator({ faults: { emptyPageRate: 1 } });
    const truth = sim.state.visible("jobs").map((j) => j.id);
    expect((await searchJobs(api)).ids).toEqual([]);
    expect((await searchJobs(api)).ids).toEqual(truth);
    expect((await searchJobs(api)).ids).toEqual([]);
    expect(sim.state.faultStats().emptyPages).toBe(2);
  });

  it("keys the protection by path, query and body, so interleaved searches do not break it", async () => {
    const { api, sim } = await startSimulator({ faults: { emptyPageRate: 1 } });
    const truth = sim.state.visible("jobs").map((j) => j.id);
    expect((await searchJobs(api)).ids).toEqual([]);
    expect((await searchJobs(api, "?staleness=0")).ids).toEqual([]);
    expect((await searchJobs(api)).ids).toEqual(truth);
    expect((await searchJobs(api, "?staleness=0")).ids).toEqual(truth);
  });

  it("does not glitch searches without rows", async () => {
    const { api, sim } = await startSimulator({ faults: { emptyPageRate: 1, shortPageRate: 1 } });
    const res = await api("/search/jobs", {
      method: "POST",
      json: { filters: [{ name: "job.id", value: ["1"], operator: "<" }] },
    });
    expect(await res.json()).toEqual({ searchResults: [] });
    expect(sim.state.faultStats()).toMatchObject({ emptyPages: 0, shortPages: 0 });
  });

  it("answers a short page: a leading part, at least one row and one row short", async () => {
    const { api, sim } = await startSimulator({ faults: { shortPageRate: 1 } });
    const truth = sim.state.visible("jobs").map((j) => j.id);
    const short = (await searchJobs(api)).ids ?? [];
    expect(short.length).toBeGreaterThanOrEqual(1);
    expect(short.length).toBeLessThan(truth.length);
    expect(short).toEqual(truth.slice(0, short.length));
    expect((await searchJobs(api)).ids).toEqual(truth);
    expect(sim.state.faultStats().shortPages).toBe(1);
  });

  it("glitches the portal search and GET searches too", async () => {
    const { api } = await startSimulator({ faults: { emptyPageRate: 1 } });
    const rows = async (path: string) =>
      ((await (await api(path)).json()) as { searchResults: unknown[] }).searchResults.length;
    expect(await rows("/search/portals/jobs")).toBe(0);
    expect(await rows("/search/portals/jobs")).toBeGreaterThan(0);
    const get = `/search/jobs?searchJson=${encodeURIComponent(JSON.stringify(ALL_JOBS))}`;
    expect(await rows(get)).toBe(0);
    expect(await rows(get)).toBe(20);
  });

  it("glitches a seeded share of searches, the same way for the same seed", async () => {
    const run = async () => {
      const { api } = await startSimulator({ faults: { emptyPageRate: 0.3, shortPageRate: 0.3 } });
      const lengths: number[] = [];
      for (let i = 0; i < 20; i++) lengths.push((await searchJobs(api, `?staleness=${i}`)).ids?.length ?? -1);
      return lengths;
    };
    const first = await run();
    expect(first).toContain(0);
    expect(first).toContain(20);
    expect(first.some((n) => n > 0 && n < 20)).toBe(true);
    expect(await run()).toEqual(first);
  });
});

describe("permission-hidden records", () => {
  it("answers 404 as for a missing record, skips searches, keeps workflows, and comes back after unhide", async () => {
    const { api, search, sim } = await startSimulator();
    const workflow = sim.state.list("applicantworkflows")[0] as Json & { id: number };
    const personId = (workflow["associatedprofile"] as Json)["id"] as number;
    const byPerson = { filters: [{ name: "person.id", value: [String(personId)] }] };
    const workflowsByPerson = {
      filters: [{ name: "applicantworkflow.person.id", value: [String(personId)] }],
    };
    const missing = await api("/people/1");
    const missingBody = await missing.json();
    expect(missing.status).toBe(404);

    sim.state.hide("people", [personId]);
    const hidden = await api(`/people/${personId}`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toEqual(missingBody);
    expect(hidden.headers.get("x-error")).toBe(missing.headers.get("x-error"));
    expect((await api(`/people/${personId}`, { method: "PATCH", json: { lastname: "X" } })).status).toBe(404);
    expect(await search("people", byPerson, "?staleness=0")).toEqual([]);
    expect((await api(`/applicantworkflows/${workflow.id}`)).status).toBe(200);
    expect(await search("applicantworkflows", workflowsByPerson, "?staleness=0")).toContain(workflow.id);
    expect(sim.state.visible("people").map((p) => p.id)).not.toContain(personId);
    expect(sim.state.list("people").map((p) => p.id)).toContain(personId);

    sim.state.unhide("people", [personId]);
    expect((await api(`/people/${personId}`)).status).toBe(200);
    expect(await search("people", byPerson, "?staleness=0")).toEqual([personId]);
    expect(sim.state.visible("people").map((p) => p.id)).toContain(personId);
  });

  it("refuses to hide a record that does not exist, hiding nothing", async () => {
    const { api, sim } = await startSimulator();
    const jobId = sim.state.list("jobs")[0]?.id ?? 0;
    expect(() => sim.state.hide("jobs", [jobId, 1])).toThrow(RangeError);
    expect((await api(`/jobs/${jobId}`)).status).toBe(200);
  });
});

describe("state.visible", () => {
  it("lists exactly what a GET answers 200 for, with current values", async () => {
    const { api, sim } = await startSimulator();
    const [purged, restricted, hidden, updated] = sim.state.list("jobs").map((j) => j.id);
    sim.state.mutate({ op: "purge", type: "jobs", id: purged ?? 0 });
    sim.state.mutate({ op: "restrict", type: "jobs", id: restricted ?? 0 });
    sim.state.hide("jobs", [hidden ?? 0]);
    sim.state.mutate({ op: "update", type: "jobs", id: updated ?? 0, fields: { jobtitle: "Renamed" } });
    const visible = sim.state.visible("jobs");
    expect(visible.map((j) => j.id)).toEqual(
      sim.state
        .list("jobs")
        .map((j) => j.id)
        .filter((id) => id !== restricted && id !== hidden),
    );
    expect(visible.find((j) => j.id === updated)?.["jobtitle"]).toBe("Renamed");
    for (const job of sim.state.list("jobs")) {
      expect((await api(`/jobs/${job.id}`)).status).toBe(visible.some((v) => v.id === job.id) ? 200 : 404);
    }
  });
});

describe("token expiry mid-sync", () => {
  it("invalidates every issued token at once; new tokens and Basic auth keep working", async () => {
    const { api, sim } = await startSimulator();
    const bearer = async (accessToken: string) =>
      fetch(sim.baseUrl, { headers: { Authorization: `Bearer ${accessToken}` } });
    const first = ((await (await token(sim)).json()) as { access_token: string }).access_token;
    const second = ((await (await token(sim)).json()) as { access_token: string }).access_token;
    expect((await bearer(first)).status).toBe(200);
    sim.state.expireTokens();
    for (const old of [first, second]) {
      const res = await bearer(old);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer error="invalid_token"');
    }
    const fresh = ((await (await token(sim)).json()) as { access_token: string }).access_token;
    expect((await bearer(fresh)).status).toBe(200);
    expect((await api("")).status).toBe(200);
  });
});

describe("quota exhaustion mid-sync", () => {
  it("lets the next n calls pass, refuses the rest until the UTC midnight reset", async () => {
    const { api, sim } = await startSimulator({ dailyQuota: 100, startTime: "2025-03-10T23:00:00Z" });
    expect((await api("")).status).toBe(200);
    sim.state.setQuotaRemaining(2);
    expect(sim.state.quota()).toMatchObject({ used: 98, remaining: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("")).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    sim.state.advance(30 * 60_000);
    expect((await api("")).status).toBe(429);
    sim.state.advance(30 * 60_000);
    const after = await api("");
    expect(after.status).toBe(200);
    expect(after.headers.get("x-ratelimit-remaining")).toBe("99");
    expect(() => sim.state.setQuotaRemaining(101)).toThrow(RangeError);
    expect(() => sim.state.setQuotaRemaining(-1)).toThrow(RangeError);
  });
});

describe("fault counters", () => {
  it("counts each injected fault and zeroes with resetStats", async () => {
    const { api, sim } = await startSimulator({
      faults: { rateLimitStorm: { every: 4, length: 1, retryAfterS: 1 }, malformedRate: 1 },
    });
    for (let i = 0; i < 8; i++) await api("");
    expect(sim.state.faultStats()).toEqual({
      errors: 0,
      burstErrors: 0,
      drops: 0,
      malformed: 6,
      latencySpikes: 0,
      emptyPages: 0,
      shortPages: 0,
      rateLimited: 2,
    });
    sim.state.resetStats();
    expect(Object.values(sim.state.faultStats())).toEqual(Array(8).fill(0));
  });
});
