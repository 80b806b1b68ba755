import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";

let demo: Demo;

beforeAll(async () => {
  demo = await startDemo(
    loadConfig({
      PORT: "0",
      ATSYNC_DEMO_JOBS: "12",
      ATSYNC_DEMO_PEOPLE: "80",
      ATSYNC_DEMO_APPLICATIONS: "100",
      ATSYNC_LOG_LEVEL: "error",
    }),
  );
}, 90_000);
afterAll(() => demo?.close());

/** A GET of the demo's API with its key and integration. */
async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${demo.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${demo.apiKey}`, "x-integration-id": demo.integrationId },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: T }).data;
}

describe("the demo's custom fields on the simulated tenant's iCIMS custom fields", () => {
  it("maps each demo custom field onto the iCIMS field of the same title after the first sync", async () => {
    expect((await demo.firstSync).status).toBe("succeeded");
    expect(await demo.customFieldsReady).toEqual([
      "ats_jobs.cost_center",
      "ats_jobs.hiring_priority",
      "ats_candidates.work_authorization",
    ]);
    const custom = await api<{
      results: { id: string; integration_field: { key: string; label: string } | null }[];
    }>(`/integrations/${encodeURIComponent(demo.integrationId)}/custom-fields`);
    for (const field of custom.results) {
      expect(field.integration_field).toMatchObject({ key: expect.stringMatching(/^field\d+$/) });
    }
  }, 90_000);

  it("fills custom_fields of jobs and candidates with the tenant's values", async () => {
    await demo.customFieldsReady;
    const sim = demo.tenant.simulator;
    const custom = await api<{ results: { id: string; integration_field: { key: string } | null }[] }>(
      `/integrations/${encodeURIComponent(demo.integrationId)}/custom-fields`,
    );
    const keyOf = (id: string) => custom.results.find((f) => f.id === id)?.integration_field?.key ?? "";
    const jobs = await api<{ results: { remote_id: string; custom_fields: Record<string, unknown> }[] }>(
      "/ats/jobs?page_size=50",
    );
    expect(jobs.results).toHaveLength(12);
    for (const job of jobs.results) {
      const truth: Record<string, unknown> = sim?.state.get("jobs", Number(job.remote_id)) ?? {};
      expect(job.custom_fields).toEqual({
        cost_center: truth[keyOf("ats_jobs.cost_center")] ?? null,
        hiring_priority: truth[keyOf("ats_jobs.hiring_priority")] ?? null,
      });
    }
    expect(jobs.results.some((j) => typeof j.custom_fields["cost_center"] === "string")).toBe(true);
    const candidates = await api<{
      results: { remote_id: string; custom_fields: Record<string, unknown> }[];
    }>("/ats/candidates?page_size=20");
    for (const candidate of candidates.results) {
      const truth: Record<string, unknown> = sim?.state.get("people", Number(candidate.remote_id)) ?? {};
      expect(candidate.custom_fields).toEqual({
        work_authorization: truth[keyOf("ats_candidates.work_authorization")] ?? null,
      });
    }
  }, 90_000);
});
