import { icimsConnector } from "@atsync/connector-icims";
import type { ModelKey } from "@atsync/core";
import { DEMO_TENANT_OPTIONS } from "@atsync/icims-simulator";
import type { Kombo } from "@kombo-api/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: IcimsHarness;
let served: SdkServer;
let kombo: Kombo;

beforeAll(async () => {
  // The demo's tenant options at a tenth of its size (at least 3 users, some of them former employees).
  h = await startIcimsHarness({
    simulator: { ...DEMO_TENANT_OPTIONS, seed: 42, jobs: 20, people: 500, applications: 1000 },
  });
  await h.atsync.sync.runNow(h.integrationId, "full");
  served = await serveSdk(h.atsync, h.integrationId);
  kombo = served.kombo;
  // integration_fields hold only passthrough-enabled fields: enable one per model, then sync again.
  for (const fieldId of ["jobs.jobtitle", "people.firstname"]) {
    await kombo.general.updateIntegrationField({
      integration_id: h.integrationId,
      integration_field_id: fieldId,
      body: { enable_passthrough: true },
    });
  }
  await h.atsync.sync.runNow(h.integrationId, "full");
}, 120_000);
afterAll(async () => {
  await served.close();
  await h.close();
});

/** A value that counts as filled: not null, not an empty array or object. */
function filled(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}

async function stored(model: ModelKey): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = await h.atsync.storage.records.list(h.integrationId, model, { cursor, page_size: 500 });
    out.push(...(page.results as unknown as Record<string, unknown>[]));
    cursor = page.next;
  } while (cursor !== null);
  return out;
}

describe("the demo's iCIMS tenant fills every field the coverage declares", () => {
  for (const [model, coverage] of Object.entries(icimsConnector.coverage.models)) {
    it(`${model}: each covered field is set on at least one stored record`, async () => {
      const records = await stored(model as ModelKey);
      expect(records.length).toBeGreaterThan(0);
      // custom_fields are filled by the host's mappings: see icims-custom-fields.test.ts.
      const fields = (coverage?.fields ?? []).filter((field) => field !== "custom_fields");
      const empty = fields.filter((field) => !records.some((r) => filled(r[field])));
      expect(empty).toEqual([]);
    });
  }

  it("answers remote_created_after, declined applications' rejected_at and users' status through the SDK", async () => {
    const jobs = await kombo.ats.getJobs({ remote_created_after: new Date("2000-01-01T00:00:00Z") });
    expect(jobs.result.data.results.length).toBeGreaterThan(0);
    expect(jobs.result.data.results.every((j) => j.remote_created_at !== null)).toBe(true);
    expect(jobs.result.data.results.some((j) => j.opened_at !== null && j.closed_at !== null)).toBe(true);
    const declined = await kombo.ats.getApplications({ outcomes: ["DECLINED"], page_size: 50 });
    expect(declined.result.data.results.length).toBeGreaterThan(0);
    for (const a of declined.result.data.results) expect(a.rejected_at).toBeInstanceOf(Date);
    const users = await kombo.ats.getUsers({ page_size: 250 });
    const statuses = new Set(users.result.data.results.map((u) => u.status));
    expect(statuses).toEqual(new Set(["ACTIVE", "INACTIVE"]));
  });
});
