import { unifiedId } from "@atsync/core";
import type { GreenhouseSimulator } from "@atsync/greenhouse-simulator";
import { expect, it } from "vitest";
import { greenhouseTruth, startGreenhouseHarness } from "./greenhouse-harness.js";
import { describeKomboSdkSuite, type SdkResource, type SdkVendorTenant } from "./sdk-suite.js";

const RESOURCE = {
  jobs: "jobs",
  candidates: "candidates",
  applications: "applications",
  "application-stages": "job_interview_stages",
  users: "users",
} as const satisfies Record<SdkResource, Parameters<typeof greenhouseTruth>[1]>;

async function startGreenhouseTenant(): Promise<SdkVendorTenant & { sim: GreenhouseSimulator }> {
  const h = await startGreenhouseHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  const { sim } = h;
  return {
    atsync: h.atsync,
    integrationId: h.integrationId,
    sim,
    truthIds: (resource) => greenhouseTruth(sim, RESOURCE[resource]),
    jobName: (id) => (sim.state.get("jobs", Number(id))?.name as string | undefined) ?? null,
    movableApplication: () => {
      const app = sim.state
        .list("applications")
        .find((a) => a.status === "in_process" && a.prospect === false);
      const stage = sim.state
        .list("job_interview_stages")
        .find((s) => s.job_id === app?.job_id && s.id !== app?.job_interview_stage_id);
      return { application: String(app?.id), stage: String(stage?.id) };
    },
    stageAtVendor: (id) => {
      const stage = sim.state.get("applications", Number(id))?.job_interview_stage_id;
      return stage === undefined || stage === null ? null : String(stage);
    },
    openJob: () => String(sim.state.list("jobs").find((j) => j.status === "open")?.id),
    candidateFirstName: (id) =>
      (sim.state.get("candidates", Number(id))?.first_name as string | undefined) ?? null,
    close: () => h.close(),
  };
}

describeKomboSdkSuite("the Greenhouse simulator", startGreenhouseTenant, (context) => {
  const sim = () => (context().tenant as SdkVendorTenant & { sim: GreenhouseSimulator }).sim;
  const kombo = () => context().sdk.kombo;
  const integrationId = () => context().tenant.integrationId;

  it("embeds in each job its own stages, in the job's order", async () => {
    const jobs = await kombo().ats.getJobs({ page_size: 50 });
    for (const truth of sim().state.list("jobs").slice(0, 4)) {
      const job = jobs.result.data.results.find((j) => j.remote_id === String(truth.id));
      const stages = sim()
        .state.list("job_interview_stages")
        .filter((s) => s.job_id === truth.id)
        .sort((a, b) => Number(a.sort_order) - Number(b.sort_order));
      expect(job?.stages.map((s) => s.name)).toEqual(stages.map((s) => s.name));
    }
  });

  it("maps users' status, candidates' e-mails and applications' stage, outcome and rejection reason", async () => {
    const users = await kombo().ats.getUsers({ page_size: 100 });
    const deactivated = sim()
      .state.list("users")
      .find((u) => u.deactivated === true);
    expect(users.result.data.results.find((u) => u.remote_id === String(deactivated?.id))?.status).toBe(
      "INACTIVE",
    );
    const truth = sim().state.list("candidates")[3];
    const candidates = await kombo().ats.getCandidates({
      ids: [unifiedId(integrationId(), "candidates", String(truth?.id))],
    });
    expect(candidates.result.data.results[0]?.email_addresses?.map((e) => e.email_address)).toEqual(
      ((truth?.email_addresses ?? []) as { value: string }[]).map((e) => e.value),
    );
    const outcome = { in_process: "PENDING", hired: "HIRED", rejected: "DECLINED" } as Record<string, string>;
    const sample = sim()
      .state.list("applications")
      .filter((a) => a.prospect === false)
      .slice(0, 10);
    const answers = await kombo().ats.getApplications({
      ids: sample.map((a) => unifiedId(integrationId(), "applications", String(a.id))),
    });
    for (const app of sample) {
      const answer = answers.result.data.results.find((a) => a.remote_id === String(app.id));
      expect(answer?.current_stage?.name).toBe(app.stage_name);
      expect(answer?.outcome).toBe(outcome[String(app.status)]);
    }
    const rejected = sim()
      .state.list("applications")
      .find((a) => a.status === "rejected");
    const reason = sim().state.get("rejection_reasons", Number(rejected?.rejection_reason_id));
    const answer = await kombo().ats.getApplications({
      ids: [unifiedId(integrationId(), "applications", String(rejected?.id))],
    });
    expect(answer.result.data.results[0]?.rejection_reason_name).toBe(reason?.name);
  });

  it("creates an application for an existing candidate matched by e-mail", async () => {
    const truth = sim().state.list("candidates")[20];
    const email = ((truth?.email_addresses ?? []) as { value: string }[])[0]?.value as string;
    const applied = new Set(
      sim()
        .state.list("applications")
        .filter((a) => a.candidate_id === truth?.id)
        .map((a) => a.job_id),
    );
    const job = sim()
      .state.list("jobs")
      .find((j) => j.status === "open" && !applied.has(j.id));
    const result = await kombo().ats.createApplication({
      job_id: unifiedId(integrationId(), "jobs", String(job?.id)),
      body: { candidate: { first_name: "X", last_name: "Y", email_address: email } },
    });
    expect(result.data.candidate?.remote_id).toBe(String(truth?.id));
    const rows = sim()
      .state.list("applications")
      .filter((a) => a.candidate_id === truth?.id && a.job_id === job?.id);
    expect(rows).toHaveLength(1);
  });

  /** Harvest writes counted since the last `resetStats`. */
  const vendorWrites = () =>
    Object.keys(sim().state.stats()).filter((key) => key.includes(" /v3/") && !key.startsWith("GET "));

  it("rejects an application with a Greenhouse reason (remote:<id>), shown as DECLINED with its reason", async () => {
    const app = sim()
      .state.list("applications")
      .find((a) => a.status === "in_process" && a.prospect === false);
    const reason = sim().state.list("rejection_reasons")[2];
    const application_id = unifiedId(integrationId(), "applications", String(app?.id));
    const answer = await kombo().ats.rejectApplication({
      application_id,
      body: { rejection_reason_id: `remote:${String(reason?.id)}`, note: "Position filled" },
    });
    expect(answer.status).toBe("success");
    expect(sim().state.get("applications", Number(app?.id))).toMatchObject({
      status: "rejected",
      rejection_reason_id: reason?.id,
    });
    const read = await kombo().ats.getApplications({ ids: [application_id] });
    expect(read.result.data.results[0]).toMatchObject({
      outcome: "DECLINED",
      rejection_reason_name: reason?.name,
      rejected_at: expect.any(Date),
    });
  });

  it("answers 400 naming the field for a bad reject, note or tag body, writing nothing", async () => {
    const app = String(
      sim()
        .state.list("applications")
        .find((a) => a.status === "in_process")?.id,
    );
    const candidate = String(sim().state.list("candidates")[0]?.id);
    const applicationPath = `/ats/applications/${unifiedId(integrationId(), "applications", app)}`;
    const candidatePath = `/ats/candidates/${unifiedId(integrationId(), "candidates", candidate)}`;
    sim().state.resetStats();
    const cases = [
      ["POST", `${applicationPath}/reject`, { rejection_reason_id: "remote:1", reason: "x" }, "reason"],
      ["POST", `${applicationPath}/reject`, { note: "x" }, "rejection_reason_id"],
      ["POST", `${applicationPath}/reject`, { rejection_reason_id: "remote:999999" }, "rejection_reason_id"],
      ["POST", `${applicationPath}/notes`, { content: "Hi", content_type: "HTML" }, "content_type"],
      ["POST", `${applicationPath}/notes`, { content: " ", content_type: "PLAIN_TEXT" }, "content"],
      ["POST", `${candidatePath}/tags`, { tag: { id: "7" } }, "tag.name"],
      ["DELETE", `${candidatePath}/tags`, { tag: { name: "No such tag" } }, "tag.name"],
    ] as const;
    for (const [method, path, body, field] of cases) {
      const response = await context().sdk.raw(path, { method, body: JSON.stringify(body) });
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
    expect(vendorWrites()).toEqual([]);
  });

  it("adds a note to an application at the vendor", async () => {
    const app = sim().state.list("applications")[5];
    await kombo().ats.addApplicationNote({
      application_id: unifiedId(integrationId(), "applications", String(app?.id)),
      body: { content: "Strong portfolio", content_type: "PLAIN_TEXT" },
    });
    const note = sim()
      .state.list("notes")
      .find((n) => n.body === "Strong portfolio");
    expect(note).toMatchObject({ application_id: app?.id, type: "NOTE", visibility: "public" });
  });

  it("adds and removes a candidate tag by name at the vendor", async () => {
    const truth = sim()
      .state.list("candidates")
      .find((c) => (c.tags as string[]).length === 0);
    const tag = String(sim().state.list("candidate_tags")[1]?.name);
    const candidate_id = unifiedId(integrationId(), "candidates", String(truth?.id));
    await kombo().ats.addCandidateTag({ candidate_id, body: { tag: { name: tag } } });
    expect(sim().state.get("candidates", Number(truth?.id))?.tags).toEqual([tag]);
    const removed = await kombo().ats.removeCandidateTag({ candidate_id, body: { tag: { name: tag } } });
    expect(removed.status).toBe("success");
    expect(sim().state.get("candidates", Number(truth?.id))?.tags).toEqual([]);
  });
});
