import { unifiedId } from "@atsync/core";
import { afterEach, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

let h: IcimsHarness;
let served: SdkServer;
afterEach(async () => {
  await served?.close();
  await h?.close();
});

type Field = { id: string; key: string; model: string; type: string; label: string | null };

/** Every integration field of the harness integration, through the HTTP API. */
async function integrationFields(): Promise<Field[]> {
  const out: Field[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?page_size=250&cursor=${encodeURIComponent(cursor)}` : "?page_size=250";
    const res = await served.raw(
      `/integrations/${encodeURIComponent(h.integrationId)}/integration-fields${query}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { results: Field[]; next: string | null } };
    out.push(...body.data.results);
    cursor = body.data.next;
  } while (cursor);
  return out;
}

/** Maps a host custom field onto an integration field through the HTTP API. */
async function mapField(customFieldId: string, integrationFieldId: string): Promise<void> {
  const res = await served.raw(
    `/integrations/${encodeURIComponent(h.integrationId)}/custom-fields/${encodeURIComponent(customFieldId)}`,
    { method: "PUT", body: JSON.stringify({ integration_field_id: integrationFieldId }) },
  );
  expect(res.status).toBe(200);
}

/** `custom_fields` of every record of a Kombo read endpoint, by remote id. */
async function customFieldsOf(
  path: "/ats/jobs" | "/ats/candidates",
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `?page_size=250&cursor=${encodeURIComponent(cursor)}` : "?page_size=250";
    const res = await served.raw(`${path}${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      data: { results: { remote_id: string; custom_fields: Record<string, unknown> }[]; next: string | null };
    };
    for (const r of body.data.results) out.set(r.remote_id, r.custom_fields);
    cursor = body.data.next;
  } while (cursor);
  return out;
}

describe("iCIMS custom fields end to end (simulator, sync, HTTP API)", () => {
  it("maps host custom fields onto iCIMS fieldNNNNN fields and fills custom_fields from the next sync", async () => {
    h = await startIcimsHarness({
      customFields: [
        { model: "ats_jobs", key: "cost_center", label: "Cost center" },
        { model: "ats_candidates", key: "work_authorization", label: "Work authorization" },
      ],
    });
    served = await serveSdk(h.atsync, h.integrationId);
    expect((await h.atsync.sync.runNow(h.integrationId, "full")).status).toBe("succeeded");

    // The first sync discovered the tenant's custom fields with their iCIMS titles.
    const fields = await integrationFields();
    const costCenter = fields.find((f) => f.model === "ats_jobs" && f.label === "Cost Center");
    const authorization = fields.find(
      (f) => f.model === "ats_candidates" && f.label === "Work Authorization",
    );
    expect(costCenter).toMatchObject({ type: "CUSTOM", key: expect.stringMatching(/^field\d+$/) });
    expect(authorization).toMatchObject({ type: "CUSTOM", key: expect.stringMatching(/^field\d+$/) });
    expect(fields.find((f) => f.id === "jobs.jobtitle")?.label).toBe("Job Title");
    // Unmapped, custom_fields stay empty.
    expect([...(await customFieldsOf("/ats/jobs")).values()].every((c) => Object.keys(c).length === 0)).toBe(
      true,
    );

    await mapField("ats_jobs.cost_center", costCenter?.id ?? "");
    await mapField("ats_candidates.work_authorization", authorization?.id ?? "");
    expect((await h.atsync.sync.runNow(h.integrationId, "full")).status).toBe("succeeded");

    const jobs = await customFieldsOf("/ats/jobs");
    const truthJobs = h.sim.state.list("jobs");
    expect(jobs.size).toBe(truthJobs.length);
    for (const job of truthJobs) {
      expect(jobs.get(String(job.id))).toEqual({ cost_center: job[costCenter?.key ?? ""] ?? null });
    }
    expect([...jobs.values()].filter((c) => typeof c["cost_center"] === "string").length).toBeGreaterThan(
      truthJobs.length / 2,
    );

    const candidates = await customFieldsOf("/ats/candidates");
    expect(candidates.size).toBeGreaterThan(0);
    let filled = 0;
    for (const [remoteId, custom] of candidates) {
      const truth = h.sim.state.get("people", Number(remoteId))?.[authorization?.key ?? ""] ?? null;
      expect(custom).toEqual({ work_authorization: truth });
      if (truth !== null) filled++;
    }
    expect(filled).toBeGreaterThan(0);
    expect(filled).toBeLessThan(candidates.size);
  });

  it("registers the tenant's custom fields at connect, so fields mapped before the first sync are filled by it", async () => {
    h = await startIcimsHarness({ customFields: [{ model: "ats_jobs", key: "cost_center" }] });
    served = await serveSdk(h.atsync, h.integrationId);
    // No sync yet: the connect asked the Schema API and registered the custom fields, titled.
    expect(await h.atsync.sync.runs(h.integrationId)).toEqual([]);
    const fields = await integrationFields();
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((f) => f.type === "CUSTOM" && f.label !== null)).toBe(true);
    expect(new Set(fields.map((f) => f.model))).toEqual(new Set(["ats_jobs", "ats_candidates"]));
    const costCenter = fields.find((f) => f.model === "ats_jobs" && f.label === "Cost Center");
    await mapField("ats_jobs.cost_center", costCenter?.id ?? "");
    expect((await h.atsync.sync.runNow(h.integrationId, "full")).status).toBe("succeeded");
    const jobs = await customFieldsOf("/ats/jobs");
    for (const job of h.sim.state.list("jobs")) {
      expect(jobs.get(String(job.id))).toEqual({ cost_center: job[costCenter?.key ?? ""] ?? null });
    }
    // The sync's own discovery of the same fields left them as the connect registered them.
    const after = await integrationFields();
    for (const f of fields) expect(after.find((a) => a.id === f.id)).toEqual(f);
  });

  it("a custom field changed in iCIMS reaches custom_fields with the next delta", async () => {
    h = await startIcimsHarness({ customFields: [{ model: "ats_jobs", key: "cost_center" }] });
    served = await serveSdk(h.atsync, h.integrationId);
    await h.atsync.sync.runNow(h.integrationId, "full");
    const costCenter = (await integrationFields()).find((f) => f.label === "Cost Center");
    await mapField("ats_jobs.cost_center", costCenter?.id ?? "");
    const job = h.sim.state.list("jobs")[2];
    h.sim.state.advance(2 * 60 * 60_000);
    h.sim.state.mutate({
      op: "update",
      type: "jobs",
      id: job?.id ?? 0,
      fields: { [costCenter?.key ?? ""]: "CC-0042" },
    });
    expect((await h.atsync.sync.runNow(h.integrationId, "delta")).status).toBe("succeeded");
    const stored = await h.atsync.storage.records.get(
      h.integrationId,
      "jobs",
      unifiedId(h.integrationId, "jobs", String(job?.id)),
    );
    expect(stored?.custom_fields).toEqual({ cost_center: "CC-0042" });
  });

  it("a candidate an action writes through carries the mapped custom fields, not the raw ones", async () => {
    h = await startIcimsHarness({ customFields: [{ model: "ats_candidates", key: "referral_code" }] });
    served = await serveSdk(h.atsync, h.integrationId);
    await h.atsync.sync.runNow(h.integrationId, "full");
    const referral = (await integrationFields()).find((f) => f.label === "Referral Code");
    await mapField("ats_candidates.referral_code", referral?.id ?? "");
    const job = String(h.sim.state.list("jobs")[1]?.id);
    const created = await h.atsync.ats(h.integrationId).actions.createApplication(`remote:${job}`, {
      candidate: { first_name: "Grace", last_name: "Hopper", email_address: "grace.hopper@example.com" },
      remote_fields: { icims: { person: { [referral?.key ?? ""]: "RC-7777" } } },
    });
    const candidateId = (created.data as { candidate: { id: string } }).candidate.id;
    const stored = await h.atsync.storage.records.get(h.integrationId, "candidates", candidateId);
    // Read back with the person custom fields and projected like a sync: the mapped key only, no
    // integration field without passthrough.
    expect(stored?.custom_fields).toEqual({ referral_code: "RC-7777" });
    expect(stored?.["integration_fields"]).toEqual([]);
  });
});
