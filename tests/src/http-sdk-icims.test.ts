import { unifiedId } from "@atsync/core";
import type { IcimsSimulator } from "@atsync/icims-simulator";
import { expect, it } from "vitest";
import { startIcimsHarness, truthIds } from "./icims-harness.js";
import { describeKomboSdkSuite, type SdkResource, type SdkVendorTenant } from "./sdk-suite.js";

/** The job fields whose people the iCIMS connector syncs as users (no login groups configured). */
const HIRING_TEAM_FIELDS = ["recruiter", "secondaryrecruiter", "hiringmanager", "accountmanager"];

/** The vendor's truth of each resource in the iCIMS simulator. */
function icimsTruth(sim: IcimsSimulator, resource: SdkResource): string[] {
  switch (resource) {
    case "jobs":
      return truthIds(sim, "jobs");
    case "candidates":
      return truthIds(sim, "candidates");
    case "applications":
      return truthIds(sim, "applicantworkflows");
    case "application-stages":
      return (sim.state.listTree(sim.connectorSettings.statusListId) ?? []).flatMap((bin) =>
        (bin.children ?? []).map((status) => status.id),
      );
    case "users": {
      const ids = new Set<string>();
      for (const job of sim.state.visible("jobs"))
        for (const field of HIRING_TEAM_FIELDS) {
          const person = (job[field] as { id?: number } | undefined)?.id;
          if (person !== undefined) ids.add(String(person));
        }
      return [...ids];
    }
  }
}

async function startIcimsTenant(): Promise<SdkVendorTenant & { sim: IcimsSimulator }> {
  const h = await startIcimsHarness();
  await h.atsync.sync.runNow(h.integrationId, "full");
  const { sim } = h;
  const statuses = icimsTruth(sim, "application-stages");
  return {
    atsync: h.atsync,
    integrationId: h.integrationId,
    sim,
    truthIds: (resource) => icimsTruth(sim, resource),
    jobName: (id) => (sim.state.get("jobs", Number(id))?.jobtitle as string | undefined) ?? null,
    movableApplication: () => {
      const application = truthIds(sim, "applicantworkflows")[3] as string;
      const current = (sim.state.get("applicantworkflows", Number(application))?.status as { id?: string })
        ?.id;
      return { application, stage: statuses.find((s) => s !== current) as string };
    },
    stageAtVendor: (id) =>
      (sim.state.get("applicantworkflows", Number(id))?.status as { id?: string } | undefined)?.id ?? null,
    openJob: () => truthIds(sim, "jobs")[1] as string,
    candidateFirstName: (id) =>
      (sim.state.get("people", Number(id))?.firstname as string | undefined) ?? null,
    close: () => h.close(),
  };
}

describeKomboSdkSuite("the iCIMS simulator", startIcimsTenant, (context) => {
  const sim = () => (context().tenant as SdkVendorTenant & { sim: IcimsSimulator }).sim;
  const kombo = () => context().sdk.kombo;
  const id = (model: Parameters<typeof unifiedId>[1], remoteId: string) =>
    unifiedId(context().tenant.integrationId, model, remoteId);

  it("filters candidates by email as the simulator stores it", async () => {
    const candidates = new Set(truthIds(sim(), "candidates"));
    const person = sim()
      .state.list("people")
      .find((p) => typeof p.email === "string" && candidates.has(String(p.id))) as
      | { id: number; email: string }
      | undefined;
    expect(person).toBeDefined();
    const email = (person as { email: string }).email;
    const found = await kombo().ats.getCandidates({ email: email.toUpperCase() });
    expect(found.result.data.results.map((c) => c.remote_id)).toContain(String(person?.id));
  });

  it("keeps one CV per iCIMS person: attachments by application and candidate agree, a cover letter is refused", async () => {
    const created = await kombo().ats.createCandidate({
      candidate: { first_name: "Ada", last_name: "Lovelace", email_address: "ada.lovelace.sdk@example.com" },
      application: { job_id: id("jobs", truthIds(sim(), "jobs")[2] as string) },
    });
    const candidate = created.data;
    const applicationId = candidate.applications[0]?.id as string;
    const cv = Buffer.from("%PDF-1.4 Ada Lovelace CV").toString("base64");
    await kombo().ats.addApplicationAttachment({
      application_id: applicationId,
      body: { attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data: cv } },
    });
    const byApplication = await kombo().ats.getApplicationAttachments({ application_id: applicationId });
    const byCandidate = await kombo().ats.getCandidateAttachments({ candidate_id: candidate.id });
    expect(byCandidate.data.results.map((a) => a.type)).toEqual(["CV"]);
    expect(byApplication.data.results.map((a) => a.file_name)).toEqual(
      byCandidate.data.results.map((a) => a.file_name),
    );
    const refused = await kombo()
      .ats.addCandidateAttachment({
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
    const workflowId = truthIds(sim(), "applicantworkflows")[4] as string;
    await kombo().ats.addApplicationResultLink({
      application_id: id("applications", workflowId),
      body: {
        label: "Coding test",
        url: "https://assessments.example.com/r/42",
        details: { custom_field_name_prefix: "Acme", attributes: [{ key: "Score", value: "87" }] },
      },
    });
    const workflow = sim().state.get("applicantworkflows", Number(workflowId));
    expect(JSON.stringify(workflow)).toContain("https://assessments.example.com/r/42");
  });

  it("answers INTEGRATION.ACTION_NOT_AVAILABLE to reject, notes and tags", async () => {
    const application_id = id("applications", truthIds(sim(), "applicantworkflows")[1] as string);
    const candidate_id = id("candidates", truthIds(sim(), "candidates")[1] as string);
    const tag = { tag: { name: "VIP" } };
    const calls = [
      kombo().ats.rejectApplication({ application_id, body: { rejection_reason_id: "remote:1" } }),
      kombo().ats.addApplicationNote({ application_id, body: { content: "Hi", content_type: "PLAIN_TEXT" } }),
      kombo().ats.addCandidateTag({ candidate_id, body: tag }),
      kombo().ats.removeCandidateTag({ candidate_id, body: tag }),
    ];
    for (const call of calls) {
      const refused = await call.catch((e: unknown) => e as { data$?: { error: { code: string } } });
      expect((refused as { data$?: { error: { code: string } } }).data$?.error.code).toBe(
        "INTEGRATION.ACTION_NOT_AVAILABLE",
      );
    }
  });
});
