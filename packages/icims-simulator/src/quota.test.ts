import { describe, expect, it } from "vitest";
import { startSimulator } from "../test/simulator.js";

describe("§10.17 daily quota", () => {
  it("sends x-ratelimit-limit/remaining/reset, reset = seconds to the next 00:00 UTC", async () => {
    const { api } = await startSimulator({ dailyQuota: 50, startTime: "2025-03-10T21:25:01Z" });
    const res = await api("");
    expect(res.headers.get("x-ratelimit-limit")).toBe("50");
    expect(res.headers.get("x-ratelimit-remaining")).toBe("49");
    expect(res.headers.get("x-ratelimit-reset")).toBe(String(2 * 3600 + 34 * 60 + 59));
  });

  it("answers 429 with remaining 0 once exhausted, until the reset", async () => {
    const { api, sim } = await startSimulator({ dailyQuota: 2, startTime: "2025-03-10T23:00:00Z" });
    expect((await api("")).status).toBe(200);
    expect((await api("")).status).toBe(200);
    const refused = await api("");
    expect(refused.status).toBe(429);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(((await refused.json()) as { errors: unknown[] }).errors).toHaveLength(1);
    sim.state.advance(60 * 60_000);
    expect((await api("")).status).toBe(200);
    expect(sim.state.quota()).toMatchObject({ limit: 2, used: 1, remaining: 1 });
  });

  it("uses the configured status when the quota is exhausted", async () => {
    const { api } = await startSimulator({ dailyQuota: 0, quotaExhaustedStatus: 403 });
    expect((await api("")).status).toBe(403);
  });

  it("does not charge failed authentication", async () => {
    const { sim } = await startSimulator({ dailyQuota: 5 });
    await fetch(sim.baseUrl);
    expect(sim.state.quota().used).toBe(0);
  });
});
