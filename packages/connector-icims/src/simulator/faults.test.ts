import { describe, expect, it } from "vitest";
import { startSimulator } from "./test-helpers.js";

describe("faults", () => {
  it("adds latency", async () => {
    const { api } = await startSimulator({ faults: { latencyMs: 60 } });
    const started = performance.now();
    await api("");
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
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
