import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { unifiedId } from "@atsync/core";
import { createHttpHandler, toNodeListener } from "@atsync/core/http";
import { Kombo } from "@kombo-api/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type GreenhouseHarness, greenhouseTruth, startGreenhouseHarness } from "./greenhouse-harness.js";

let h: GreenhouseHarness;
let server: Server;
let kombo: Kombo;

beforeAll(async () => {
  h = await startGreenhouseHarness();
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

const sorted = (ids: (string | null)[]) => [...ids].sort((a, b) => Number(a) - Number(b));

describe("Kombo's SDK against atsync synced from the Greenhouse simulator", () => {
  it("lists every job with its name, status and its own stages in order", async () => {
    const jobs = await all(await kombo.ats.getJobs({ page_size: 5 }));
    expect(sorted(jobs.map((j) => j.remote_id))).toEqual(greenhouseTruth(h.sim, "jobs"));
    for (const truth of h.sim.state.list("jobs").slice(0, 4)) {
      const job = jobs.find((j) => j.remote_id === String(truth.id));
      expect(job?.name).toBe(truth.name);
      expect(job?.status).toBe(String(truth.status).toUpperCase());
      const stages = h.sim.state
        .list("job_interview_stages")
        .filter((s) => s.job_id === truth.id)
        .sort((a, b) => Number(a.sort_order) - Number(b.sort_order));
      expect(job?.stages.map((s) => s.name)).toEqual(stages.map((s) => s.name));
    }
  });

  it("lists application stages, users and candidates as the simulator holds them", async () => {
    const stages = await all(await kombo.ats.getApplicationStages({ page_size: 100 }));
    expect(sorted(stages.map((s) => s.remote_id))).toEqual(greenhouseTruth(h.sim, "job_interview_stages"));
    const users = await all(await kombo.ats.getUsers({ page_size: 100 }));
    expect(sorted(users.map((u) => u.remote_id))).toEqual(greenhouseTruth(h.sim, "users"));
    const deactivated = h.sim.state.list("users").find((u) => u.deactivated === true);
    expect(users.find((u) => u.remote_id === String(deactivated?.id))?.status).toBe("INACTIVE");
    const candidates = await all(await kombo.ats.getCandidates({ page_size: 50 }));
    expect(sorted(candidates.map((c) => c.remote_id))).toEqual(greenhouseTruth(h.sim, "candidates"));
    const truth = h.sim.state.list("candidates")[3];
    const candidate = candidates.find((c) => c.remote_id === String(truth?.id));
    expect(candidate?.first_name).toBe(truth?.first_name);
    expect(candidate?.email_addresses?.map((e) => e.email_address)).toEqual(
      ((truth?.email_addresses ?? []) as { value: string }[]).map((e) => e.value),
    );
  });

  it("lists applications with candidate, job, current stage and outcome as in the simulator", async () => {
    const applications = await all(await kombo.ats.getApplications({ page_size: 50 }));
    expect(sorted(applications.map((a) => a.remote_id))).toEqual(greenhouseTruth(h.sim, "applications"));
    const outcome = { in_process: "PENDING", hired: "HIRED", rejected: "DECLINED" } as Record<string, string>;
    for (const truth of h.sim.state
      .list("applications")
      .filter((a) => a.prospect === false)
      .slice(0, 10)) {
      const app = applications.find((a) => a.remote_id === String(truth.id));
      expect(app?.job_id).toBe(unifiedId(h.integrationId, "jobs", String(truth.job_id)));
      expect(app?.candidate?.id).toBe(unifiedId(h.integrationId, "candidates", String(truth.candidate_id)));
      expect(app?.current_stage?.name).toBe(truth.stage_name);
      expect(app?.outcome).toBe(outcome[String(truth.status)]);
    }
    const rejected = h.sim.state.list("applications").find((a) => a.status === "rejected");
    const reason = h.sim.state.get("rejection_reasons", Number(rejected?.rejection_reason_id));
    expect(applications.find((a) => a.remote_id === String(rejected?.id))?.rejection_reason_name).toBe(
      reason?.name,
    );
  });

  it("moves an application to another stage of its job in Greenhouse", async () => {
    const truth = h.sim.state
      .list("applications")
      .find((a) => a.status === "in_process" && a.prospect === false);
    const target = h.sim.state
      .list("job_interview_stages")
      .find((s) => s.job_id === truth?.job_id && s.id !== truth?.job_interview_stage_id);
    await kombo.ats.moveApplicationToStage({
      application_id: unifiedId(h.integrationId, "applications", String(truth?.id)),
      body: { stage_id: unifiedId(h.integrationId, "application_stages", String(target?.id)) },
    });
    expect(h.sim.state.get("applications", Number(truth?.id))?.job_interview_stage_id).toBe(target?.id);
    const app = await kombo.ats.getApplications({
      ids: [unifiedId(h.integrationId, "applications", String(truth?.id))],
    });
    expect(app.result.data.results[0]?.current_stage?.name).toBe(target?.name);
  });

  it("creates a candidate with an application, and attaches and reads back files", async () => {
    const job = h.sim.state.list("jobs").find((j) => j.status === "open");
    const created = await kombo.ats.createCandidate({
      candidate: { first_name: "Grace", last_name: "Hopper", email_address: "grace.hopper@example.com" },
      application: { job_id: unifiedId(h.integrationId, "jobs", String(job?.id)) },
    });
    const candidate = created.data;
    expect(h.sim.state.get("candidates", Number(candidate.remote_id))?.first_name).toBe("Grace");
    const applicationId = candidate.applications[0]?.id as string;
    expect(applicationId).toBeTruthy();
    const cv = Buffer.from("%PDF-1.4 Grace Hopper CV").toString("base64");
    await kombo.ats.addApplicationAttachment({
      application_id: applicationId,
      body: { attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data: cv } },
    });
    await kombo.ats.addCandidateAttachment({
      candidate_id: candidate.id,
      body: {
        attachment: { name: "letter.txt", type: "COVER_LETTER", content_type: "text/plain", data: cv },
      },
    });
    const files = await kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(files.data.results.map((a) => a.type).sort()).toEqual(["COVER_LETTER", "CV"]);
    const stored = h.sim.state
      .list("attachments")
      .filter((a) => String(a.candidate_id) === candidate.remote_id);
    expect(stored.map((a) => a.filename).sort()).toEqual(["cv.pdf", "letter.txt"]);
  });

  it("creates an application for an existing candidate matched by e-mail", async () => {
    const truth = h.sim.state.list("candidates")[20];
    const email = ((truth?.email_addresses ?? []) as { value: string }[])[0]?.value as string;
    const applied = new Set(
      h.sim.state
        .list("applications")
        .filter((a) => a.candidate_id === truth?.id)
        .map((a) => a.job_id),
    );
    const job = h.sim.state.list("jobs").find((j) => j.status === "open" && !applied.has(j.id));
    const result = await kombo.ats.createApplication({
      job_id: unifiedId(h.integrationId, "jobs", String(job?.id)),
      body: { candidate: { first_name: "X", last_name: "Y", email_address: email } },
    });
    expect(result.data.candidate?.remote_id).toBe(String(truth?.id));
    const rows = h.sim.state
      .list("applications")
      .filter((a) => a.candidate_id === truth?.id && a.job_id === job?.id);
    expect(rows).toHaveLength(1);
  });
});
