import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo(
    loadConfig({
      PORT: "0",
      ATSYNC_DEMO_JOBS: "20",
      ATSYNC_DEMO_PEOPLE: "100",
      ATSYNC_DEMO_APPLICATIONS: "200",
      ATSYNC_LOG_LEVEL: "silent",
    }),
  );
}, 120_000);
afterAll(() => demo.close());

const api = async <T>(path: string, integrationId: string): Promise<T> => {
  const answer = await fetch(`${demo.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${demo.apiKey}`, "x-integration-id": integrationId },
  });
  expect(answer.status, path).toBe(200);
  return ((await answer.json()) as { data: T }).data;
};

describe("the demo offers both tools", () => {
  it("lists iCIMS and Greenhouse among the tools", async () => {
    const tools = await api<{ tools: { id: string }[] }>("/tools/ats", demo.integrationId);
    expect(tools.tools.map((t) => t.id).sort()).toEqual(["greenhouse", "icims"]);
  });

  it("syncs a Greenhouse simulator tenant beside the iCIMS one, its jobs with their own stages", async () => {
    expect(demo.greenhouse).not.toBeNull();
    const greenhouse = demo.greenhouse as NonNullable<Demo["greenhouse"]>;
    const [icims, gh] = await Promise.all([demo.firstSync, greenhouse.firstSync]);
    expect(icims.status).toBe("succeeded");
    expect(gh.status).toBe("succeeded");
    const jobs = await api<{ results: { remote_id: string; stages: { id: string }[] }[] }>(
      "/ats/jobs?page_size=250",
      greenhouse.integrationId,
    );
    expect(jobs.results.map((j) => j.remote_id).sort()).toEqual(
      greenhouse.tenant.simulator.state
        .list("jobs")
        .map((j) => String(j.id))
        .sort(),
    );
    // Greenhouse stages belong to a job: no two jobs share a stage.
    const stageIds = jobs.results.flatMap((j) => j.stages.map((s) => s.id));
    expect(stageIds.length).toBeGreaterThan(jobs.results.length);
    expect(new Set(stageIds).size).toBe(stageIds.length);
  });
});
