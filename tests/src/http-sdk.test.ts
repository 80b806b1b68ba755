import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { unifiedId } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { Kombo } from "@kombo-api/sdk";
import { type KomboAtsError, KomboGeneralError } from "@kombo-api/sdk/models/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.js";

let h: Harness;
let server: Server;
let base: string;
let apiKey: string;
let kombo: Kombo;

beforeAll(async () => {
  h = await startHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  apiKey = (await h.atsync.apiKeys.create("tests")).key;
  server = createServer(
    toNodeListener(createHttpHandler({ atsync: h.atsync, basePath: "/v1", maxBodyBytes: 64_000 })),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  kombo = new Kombo({ api_key: apiKey, integration_id: h.integrationId, server_url: base });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

/** The error of a Kombo error envelope. */
async function errorOf(res: Response): Promise<{ code: string | null; message: string }> {
  return ((await res.json()) as { error: { code: string | null; message: string } }).error;
}

/** Every item of a Kombo SDK page iterator. */
async function all<T>(iterator: AsyncIterable<{ result: { data: { results: T[] } } }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of iterator) out.push(...page.result.data.results);
  return out;
}

const raw = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${apiKey}`,
      "x-integration-id": h.integrationId,
      "content-type": "application/json",
      ...init.headers,
    },
  });

describe("HTTP API driven by Kombo's SDK", () => {
  it("checks the API key", async () => {
    expect((await kombo.general.checkApiKey()).data.environment_id).toBe("atsync");
  });

  it("rejects a wrong API key with Kombo's error", async () => {
    const bad = new Kombo({ api_key: "wrong-key", integration_id: h.integrationId, server_url: base });
    const error = await bad.general.checkApiKey().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KomboGeneralError);
    expect((error as KomboGeneralError).data$.error.code).toBe("PLATFORM.AUTHENTICATION_INVALID");
  });

  it("pages through jobs, candidates, applications, stages and users matching the vendor", async () => {
    const jobs = await all(await kombo.ats.getJobs({ page_size: 2 }));
    expect(jobs.map((j) => j.remote_id).sort()).toEqual(
      h.vendor
        .records("jobs")
        .map((r) => r.remote_id)
        .sort(),
    );
    const applications = await all(await kombo.ats.getApplications({ page_size: 4 }));
    expect(applications).toHaveLength(h.vendor.records("applications").length);
    const app = applications.find((a) => a.remote_id === "1004");
    expect(app?.candidate?.id).toBe(unifiedId(h.integrationId, "candidates", "1004"));
    expect(app?.current_stage?.id).toBe(unifiedId(h.integrationId, "application_stages", "1001"));
    expect(await all(await kombo.ats.getCandidates({}))).toHaveLength(12);
    expect(await all(await kombo.ats.getApplicationStages({}))).toHaveLength(3);
    expect(await all(await kombo.ats.getUsers({}))).toHaveLength(5);
  });

  it("applies filters the SDK sends", async () => {
    const jobId = unifiedId(h.integrationId, "jobs", "1001");
    const applications = await all(await kombo.ats.getApplications({ job_ids: [jobId] }));
    expect(applications.length).toBeGreaterThan(0);
    expect(applications.every((a) => a.job_id === jobId)).toBe(true);
  });

  it("moves an application to a stage and creates an application", async () => {
    const applicationId = unifiedId(h.integrationId, "applications", "1002");
    const stageId = unifiedId(h.integrationId, "application_stages", "1000");
    await kombo.ats.moveApplicationToStage({ application_id: applicationId, body: { stage_id: stageId } });
    const moved = await all(await kombo.ats.getApplications({ ids: [applicationId] }));
    expect(moved[0]?.current_stage_id).toBe(stageId);
    const created = await kombo.ats.createApplication({
      job_id: unifiedId(h.integrationId, "jobs", "1000"),
      body: { candidate: { first_name: "Sdk", last_name: "User", email_address: "sdk.user@example.com" } },
    });
    expect(created.data.candidate?.first_name).toBe("Sdk");
  });

  it("answers Kombo's force-sync shape", async () => {
    const result = await kombo.general.triggerSync({ type: "DELTA" });
    expect(result.data.type).toMatch(/^(DELTA|FULL)$/);
    expect(typeof result.data.sync_id).toBe("string");
  });

  it("returns integration details the SDK accepts", async () => {
    const details = await kombo.general.getIntegrationDetails({ integration_id: h.integrationId });
    expect(details.data.id).toBe(h.integrationId);
    expect(details.data.read_models.map((m) => m.id)).toContain("ats_jobs");
  });

  it("forwards passthrough requests", async () => {
    const result = await kombo.general.sendPassthroughRequest({
      tool: "fixture",
      api: "default",
      body: { method: "GET", path: "/ping-through" },
    });
    expect(result.data.status).toBe(200);
  });

  it("answers MODEL_NOT_AVAILABLE for models the connector lacks", async () => {
    const error = await kombo.ats.getInterviews({}).catch((e: unknown) => e);
    expect((error as KomboAtsError).data$.error.code).toBe("INTEGRATION.MODEL_NOT_AVAILABLE");
  });
});

describe("HTTP API input handling", () => {
  it("requires X-Integration-Id on ATS calls", async () => {
    const res = await raw("/ats/jobs", { headers: { "x-integration-id": "" } });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).message).toContain("X-Integration-Id");
  });

  it("answers 404 for an unknown integration", async () => {
    const res = await raw("/ats/jobs", { headers: { "x-integration-id": "fixture:nope" } });
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("PLATFORM.INTEGRATION_NOT_FOUND");
  });

  it("names each bad query parameter", async () => {
    const res = await raw("/ats/jobs?page_size=900&statuses=NOPE");
    expect(res.status).toBe(400);
    const message = (await errorOf(res)).message as string;
    expect(message).toContain("page_size");
    expect(message).toContain("statuses");
  });

  it("rejects malformed JSON and oversized bodies without side effects", async () => {
    const malformed = await raw("/ats/jobs/x/applications", { method: "POST", body: "{not json" });
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).message).toContain("not valid JSON");
    const big = await raw("/ats/candidates", {
      method: "POST",
      body: JSON.stringify({ pad: "x".repeat(70_000) }),
    });
    expect(big.status).toBe(400);
    expect((await errorOf(big)).message).toContain("exceeds the limit");
  });

  it("serves the OpenAPI document without a key", async () => {
    const res = await fetch(`${base}/openapi.json`);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/ats/jobs/{job_id}/applications");
    expect(doc.paths["/ats/jobs"]?.get.parameters.map((p) => p.name)).toContain("statuses");
  });

  it("lists tools with coverage, connection guide and credential fields", async () => {
    const res = await raw("/tools/ats");
    type Tool = { id: string; credentials_schema: { name: string; secret: boolean }[] };
    const tool = ((await res.json()) as { data: { tools: Tool[] } }).data.tools[0];
    expect(tool?.id).toBe("fixture");
    expect(tool?.credentials_schema.map((f) => f.name)).toEqual(["baseUrl", "apiKey"]);
    expect(tool?.credentials_schema.find((f) => f.name === "apiKey")?.secret).toBe(true);
  });

  it("never returns credentials from integration endpoints", async () => {
    const res = await raw(`/integrations/${encodeURIComponent(h.integrationId)}`);
    expect(await res.text()).not.toContain(h.vendor.apiKey);
  });

  it("answers 405 for a known path with the wrong method and 404 for unknown paths", async () => {
    expect((await raw("/ats/jobs", { method: "DELETE" })).status).toBe(405);
    expect((await raw("/nope")).status).toBe(404);
  });
});
