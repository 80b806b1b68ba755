import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { unifiedId } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { Kombo } from "@kombo-api/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness, truthIds } from "./icims-harness.js";

let h: IcimsHarness;
let server: Server;
let kombo: Kombo;

beforeAll(async () => {
  h = await startIcimsHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  const { key } = await h.atsync.apiKeys.create("sdk");
  server = createServer(toNodeListener(createHttpHandler({ atsync: h.atsync, basePath: "/v1" })));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  kombo = new Kombo({ api_key: key, integration_id: h.integrationId, server_url: base });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await h.close();
});

async function all<T>(iterator: AsyncIterable<{ result: { data: { results: T[] } } }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of iterator) out.push(...page.result.data.results);
  return out;
}

describe("Kombo's SDK against atsync synced from the iCIMS simulator", () => {
  it("lists every job with the simulator's titles", async () => {
    const jobs = await all(await kombo.ats.getJobs({ page_size: 5 }));
    const truth = h.sim.state.list("jobs");
    expect(jobs.map((j) => j.remote_id).sort()).toEqual(truthIds(h.sim, "jobs").sort());
    for (const job of truth.slice(0, 5)) {
      expect(jobs.find((j) => j.remote_id === String(job.id))?.name).toBe(job.jobtitle);
    }
  });

  it("lists applications with their candidate and job as in the simulator", async () => {
    const applications = await all(await kombo.ats.getApplications({ page_size: 50 }));
    expect(applications).toHaveLength(truthIds(h.sim, "applicantworkflows").length);
    const workflow = h.sim.state.list("applicantworkflows")[7] as {
      id: number;
      baseprofile: { id: number };
      associatedprofile: { id: number };
    };
    const app = applications.find((a) => a.remote_id === String(workflow.id));
    expect(app?.job_id).toBe(unifiedId(h.integrationId, "jobs", String(workflow.baseprofile.id)));
    expect(app?.candidate?.id).toBe(
      unifiedId(h.integrationId, "candidates", String(workflow.associatedprofile.id)),
    );
  });

  it("filters candidates by email as the simulator stores it", async () => {
    const candidates = new Set(truthIds(h.sim, "candidates"));
    const person = h.sim.state
      .list("people")
      .find((p) => typeof p.email === "string" && candidates.has(String(p.id))) as
      | { id: number; email: string }
      | undefined;
    const email = person?.email as string;
    const found = await all(await kombo.ats.getCandidates({ email: email.toUpperCase() }));
    expect(found.map((c) => c.remote_id)).toContain(String(person?.id));
  });

  it("moves an application to a stage in iCIMS through the SDK", async () => {
    const stages = await all(await kombo.ats.getApplicationStages({}));
    const workflowId = truthIds(h.sim, "applicantworkflows")[3] as string;
    const stage = stages[stages.length - 1];
    await kombo.ats.moveApplicationToStage({
      application_id: unifiedId(h.integrationId, "applications", workflowId),
      body: { stage_id: stage?.id as string },
    });
    const workflow = h.sim.state.get("applicantworkflows", Number(workflowId)) as {
      status?: { id?: string };
    };
    expect(workflow.status?.id).toBe(stage?.remote_id);
  });

  it("creates a candidate with an application, and attaches and reads back a CV", async () => {
    const jobId = unifiedId(h.integrationId, "jobs", truthIds(h.sim, "jobs")[1] as string);
    const created = await kombo.ats.createCandidate({
      candidate: { first_name: "Grace", last_name: "Hopper", email_address: "grace.hopper@example.com" },
      application: { job_id: jobId },
    });
    const candidate = created.data;
    expect(candidate.first_name).toBe("Grace");
    const person = h.sim.state.get("people", Number(candidate.remote_id)) as
      | { firstname?: string }
      | undefined;
    expect(person?.firstname).toBe("Grace");
    const applicationId = candidate.applications[0]?.id as string;
    expect(applicationId).toBeTruthy();

    const cv = Buffer.from("%PDF-1.4 Grace Hopper CV").toString("base64");
    await kombo.ats.addApplicationAttachment({
      application_id: applicationId,
      body: { attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data: cv } },
    });
    const byApplication = await kombo.ats.getApplicationAttachments({ application_id: applicationId });
    const byCandidate = await kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(byCandidate.data.results.map((a) => a.type)).toEqual(["CV"]);
    expect(byApplication.data.results.map((a) => a.file_name)).toEqual(
      byCandidate.data.results.map((a) => a.file_name),
    );

    await kombo.ats.addCandidateAttachment({
      candidate_id: candidate.id,
      body: { attachment: { name: "cv-2.pdf", type: "CV", content_type: "application/pdf", data: cv } },
    });
    const refused = await kombo.ats
      .addCandidateAttachment({
        candidate_id: candidate.id,
        body: {
          attachment: { name: "letter.pdf", type: "COVER_LETTER", content_type: "application/pdf", data: cv },
        },
      })
      .catch((e: unknown) => e as { data$?: { error: { code: string } } });
    expect((refused as { data$?: { error: { code: string } } }).data$?.error.code).toBe(
      "INTEGRATION.ACTION_NOT_AVAILABLE",
    );
  });

  it("adds a result link to an application as an iCIMS assessment result", async () => {
    const workflowId = truthIds(h.sim, "applicantworkflows")[4] as string;
    await kombo.ats.addApplicationResultLink({
      application_id: unifiedId(h.integrationId, "applications", workflowId),
      body: {
        label: "Coding test",
        url: "https://assessments.example.com/r/42",
        details: { custom_field_name_prefix: "Acme", attributes: [{ key: "Score", value: "87" }] },
      },
    });
    const workflow = h.sim.state.get("applicantworkflows", Number(workflowId));
    expect(JSON.stringify(workflow)).toContain("https://assessments.example.com/r/42");
  });

  it("disables and deletes the integration", async () => {
    await kombo.general.setIntegrationEnabled({ integration_id: h.integrationId, body: { value: false } });
    expect((await kombo.general.getIntegrationDetails({ integration_id: h.integrationId })).data.status).toBe(
      "INACTIVE",
    );
    await kombo.general.deleteIntegration({ integration_id: h.integrationId, body: {} });
    const gone = await kombo.general
      .getIntegrationDetails({ integration_id: h.integrationId })
      .catch((e: unknown) => e as { data$?: { error: { code: string } } });
    expect((gone as { data$?: { error: { code: string } } }).data$?.error.code).toBe(
      "PLATFORM.INTEGRATION_NOT_FOUND",
    );
  });
});
