import type { Kombo } from "@kombo-api/sdk";
import * as sdk from "@kombo-api/sdk/models";
import { KomboGeneralError } from "@kombo-api/sdk/models/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: Harness;
let served: SdkServer;
let kombo: Kombo;

beforeAll(async () => {
  h = await startHarness({
    vendor: { integrationFields: true },
    customFields: [
      { model: "ats_jobs", key: "cost_center", label: "Cost center", description: "Finance code" },
      { model: "ats_candidates", key: "referral_code", label: null },
    ],
  });
  await h.atsync.sync.runNow(h.integrationId, "full");
  served = await serveSdk(h.atsync, h.integrationId);
  kombo = served.kombo;
});
afterAll(async () => {
  await served.close();
  await h.close();
});

/** Every item of a Kombo SDK page iterator. */
async function all<T>(iterator: AsyncIterable<{ result: { data: { results: T[] } } }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of iterator) out.push(...page.result.data.results);
  return out;
}

/** The stored jobs of the harness integration. */
async function storedJobs() {
  return (await h.atsync.storage.records.list(h.integrationId, "jobs", { page_size: 100 })).results;
}

const raw = (path: string, init: RequestInit = {}) => served.raw(path, init);

describe("integration fields and custom fields through Kombo's SDK", () => {
  it("lists the fields discovered by the first sync, passthrough off, and records carry none", async () => {
    const fields = await all(
      await kombo.general.getIntegrationFields({ integration_id: h.integrationId, page_size: 1 }),
    );
    expect(fields).toEqual([
      {
        id: "jobs.cost_center",
        key: "cost_center",
        model: "ats_jobs",
        type: "CUSTOM",
        label: "Cost center",
        is_passthrough_enabled: false,
        is_writable: false,
      },
      {
        id: "jobs.grade",
        key: "grade",
        model: "ats_jobs",
        type: "DEFAULT",
        label: "Grade",
        is_passthrough_enabled: false,
        is_writable: false,
      },
    ]);
    for (const job of await storedJobs()) {
      expect(job.integration_fields).toEqual([]);
      expect(job.custom_fields).toEqual({});
    }
  });

  it("enables passthrough of one field, applied from the next sync", async () => {
    const updated = await kombo.general.updateIntegrationField({
      integration_id: h.integrationId,
      integration_field_id: "jobs.grade",
      body: { enable_passthrough: true },
    });
    expect(updated.data).toMatchObject({ id: "jobs.grade", is_passthrough_enabled: true });
    expect((await storedJobs())[0]?.integration_fields).toEqual([]);
    await h.atsync.sync.runNow(h.integrationId, "full");
    for (const job of await storedJobs()) {
      expect((job.integration_fields as { id: string }[]).map((f) => f.id)).toEqual(["jobs.grade"]);
    }
  });

  it("lists the host's custom fields, maps one onto an integration field and fills custom_fields", async () => {
    const before = await all(await kombo.general.getCustomFields({ integration_id: h.integrationId }));
    expect(before).toEqual([
      {
        id: "ats_jobs.cost_center",
        key: "cost_center",
        integration_field: null,
        model: "ats_jobs",
        label: "Cost center",
        description: "Finance code",
      },
      {
        id: "ats_candidates.referral_code",
        key: "referral_code",
        integration_field: null,
        model: "ats_candidates",
        label: null,
        description: null,
      },
    ]);
    const mapped = await kombo.general.updateCustomFieldMapping({
      integration_id: h.integrationId,
      custom_field_id: "ats_jobs.cost_center",
      body: { integration_field_id: "jobs.cost_center" },
    });
    expect(mapped.data.integration_field).toEqual({
      id: "jobs.cost_center",
      key: "cost_center",
      type: "CUSTOM",
      label: "Cost center",
    });
    await h.atsync.sync.runNow(h.integrationId, "full");
    const jobs = await all(await kombo.ats.getJobs({}));
    expect(jobs.map((j) => j.custom_fields?.cost_center).sort()).toEqual([
      "CC-100",
      "CC-101",
      "CC-102",
      "CC-103",
    ]);

    await kombo.general.updateCustomFieldMapping({
      integration_id: h.integrationId,
      custom_field_id: "ats_jobs.cost_center",
      body: { integration_field_id: null },
    });
    const after = await all(await kombo.general.getCustomFields({ integration_id: h.integrationId }));
    expect(after[0]?.integration_field).toBeNull();
  });

  it("refuses unknown ids, a field of another model and bad bodies with 400 naming the field", async () => {
    const failures = [
      kombo.general.updateIntegrationField({
        integration_id: h.integrationId,
        integration_field_id: "jobs.nope",
        body: { enable_passthrough: true },
      }),
      kombo.general.updateCustomFieldMapping({
        integration_id: h.integrationId,
        custom_field_id: "ats_jobs.nope",
        body: { integration_field_id: "jobs.grade" },
      }),
      kombo.general.updateCustomFieldMapping({
        integration_id: h.integrationId,
        custom_field_id: "ats_candidates.referral_code",
        body: { integration_field_id: "jobs.grade" },
      }),
    ];
    for (const failure of failures) {
      const error = await failure.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KomboGeneralError);
      expect((error as KomboGeneralError).data$.error.code).toBe("PLATFORM.INPUT_INVALID");
    }
    const bad = await raw(
      `/integrations/${encodeURIComponent(h.integrationId)}/integration-fields/jobs.grade`,
      {
        method: "PATCH",
        body: JSON.stringify({ enable_passthrough: "yes" }),
      },
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("enable_passthrough");
    const missing = await kombo.general
      .getIntegrationFields({ integration_id: "fixture:missing" })
      .catch((e: unknown) => e);
    expect((missing as KomboGeneralError).data$.error.code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
  });

  it("answers the SDK's response schemas", async () => {
    const res = await raw(`/integrations/${encodeURIComponent(h.integrationId)}/integration-fields`);
    expect(
      sdk.GetIntegrationsIntegrationIdIntegrationFieldsPositiveResponse$inboundSchema.safeParse(
        await res.json(),
      ).success,
    ).toBe(true);
    const custom = await raw(`/integrations/${encodeURIComponent(h.integrationId)}/custom-fields`);
    expect(
      sdk.GetIntegrationsIntegrationIdCustomFieldsPositiveResponse$inboundSchema.safeParse(
        await custom.json(),
      ).success,
    ).toBe(true);
  });
});
