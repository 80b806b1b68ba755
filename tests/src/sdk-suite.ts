import type { Atsync } from "@atsync/core";
import { unifiedId } from "@atsync/core";
import type { Kombo } from "@kombo-api/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SdkServer, serveSdk } from "./sdk-server.js";

/** The read resources the suite compares with the vendor. */
export type SdkResource = "jobs" | "candidates" | "applications" | "application-stages" | "users";

/**
 * A vendor tenant (a simulator) behind one atsync integration whose first full sync has run: what
 * the shared Kombo SDK suite needs to compare atsync's answers with the vendor's truth. Vendor
 * keys throughout (`remote_id`s).
 */
export interface SdkVendorTenant {
  /** The atsync instance (memory storage) holding the integration. */
  atsync: Atsync;
  /** The synced integration. */
  integrationId: string;
  /** Vendor keys of every record of `resource` the vendor holds (the connector's coverage rules applied). */
  truthIds(resource: SdkResource): string[];
  /** The vendor's name of a job. */
  jobName(jobRemoteId: string): string | null;
  /** An application the vendor lets move, and a stage of its job it is not in. */
  movableApplication(): { application: string; stage: string };
  /** The stage an application is in at the vendor now. */
  stageAtVendor(applicationRemoteId: string): string | null;
  /** A job that takes new applications. */
  openJob(): string;
  /** A candidate's first name at the vendor, or null when the vendor has no such candidate. */
  candidateFirstName(candidateRemoteId: string): string | null;
  /** Stops the vendor and atsync. */
  close(): Promise<void>;
}

async function all<T>(iterator: AsyncIterable<{ result: { data: { results: T[] } } }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of iterator) out.push(...page.result.data.results);
  return out;
}

const sorted = (ids: readonly (string | null)[]) => [...ids].map(String).sort();

/** Every record of a resource through Kombo's SDK (which validates each answer with its own schemas). */
function listAll(kombo: Kombo, resource: SdkResource) {
  switch (resource) {
    case "jobs":
      return kombo.ats.getJobs({ page_size: 50 }).then(all);
    case "candidates":
      return kombo.ats.getCandidates({ page_size: 50 }).then(all);
    case "applications":
      return kombo.ats.getApplications({ page_size: 50 }).then(all);
    case "application-stages":
      return kombo.ats.getApplicationStages({ page_size: 100 }).then(all);
    case "users":
      return kombo.ats.getUsers({ page_size: 100 }).then(all);
  }
}

/**
 * The Kombo SDK tests every connector's integration passes unchanged: after a full sync, the SDK
 * lists exactly the vendor's records of every resource with consistent references, moves an
 * application to another stage at the vendor, creates a candidate with an application and a CV,
 * and disables and deletes the integration. `start` gives a fresh synced tenant; `vendorTests`
 * declares the vendor's own tests, run before the deletion with `context()` giving the tenant and
 * the SDK.
 */
export function describeKomboSdkSuite(
  name: string,
  start: () => Promise<SdkVendorTenant>,
  vendorTests: (context: () => { tenant: SdkVendorTenant; sdk: SdkServer }) => void = () => {},
): void {
  let tenant: SdkVendorTenant;
  let sdk: SdkServer;
  beforeAll(async () => {
    tenant = await start();
    sdk = await serveSdk(tenant.atsync, tenant.integrationId);
  });
  afterAll(async () => {
    await sdk?.close();
    await tenant?.close();
  });
  const id = (model: Parameters<typeof unifiedId>[1], remoteId: string) =>
    unifiedId(tenant.integrationId, model, remoteId);

  describe(`Kombo's SDK against an integration synced from ${name}`, () => {
    it.each<SdkResource>(["jobs", "candidates", "applications", "application-stages", "users"])(
      "lists exactly the vendor's %s",
      async (resource) => {
        const records = await listAll(sdk.kombo, resource);
        expect(sorted(records.map((r) => r.remote_id))).toEqual(sorted(tenant.truthIds(resource)));
      },
    );

    it("answers jobs with the vendor's names, and applications referencing synced jobs and candidates", async () => {
      const jobs = await sdk.kombo.ats.getJobs({ page_size: 50 }).then(all);
      for (const job of jobs.slice(0, 5)) expect(job.name).toBe(tenant.jobName(String(job.remote_id)));
      const jobIds = new Set(jobs.map((j) => j.id));
      const candidateIds = new Set((await listAll(sdk.kombo, "candidates")).map((c) => c.id));
      const applications = await sdk.kombo.ats.getApplications({ page_size: 50 }).then(all);
      const withJob = applications.filter((a) => a.job_id !== null);
      expect(withJob.length).toBeGreaterThan(0);
      for (const application of withJob) expect(jobIds.has(application.job_id as string)).toBe(true);
      for (const application of applications)
        expect(candidateIds.has(application.candidate?.id as string)).toBe(true);
    });

    it("moves an application to another stage of its job at the vendor", async () => {
      const { application, stage } = tenant.movableApplication();
      await sdk.kombo.ats.moveApplicationToStage({
        application_id: id("applications", application),
        body: { stage_id: id("application_stages", stage) },
      });
      expect(tenant.stageAtVendor(application)).toBe(stage);
      const answer = await sdk.kombo.ats.getApplications({ ids: [id("applications", application)] });
      expect(answer.result.data.results[0]?.current_stage?.remote_id).toBe(stage);
    });

    it("creates a candidate with an application at an open job, and attaches and reads back a CV", async () => {
      const created = await sdk.kombo.ats.createCandidate({
        candidate: {
          first_name: "Grace",
          last_name: "Hopper",
          email_address: "grace.hopper.sdk@example.com",
        },
        application: { job_id: id("jobs", tenant.openJob()) },
      });
      const candidate = created.data;
      expect(tenant.candidateFirstName(String(candidate.remote_id))).toBe("Grace");
      const applicationId = candidate.applications[0]?.id as string;
      expect(applicationId).toBeTruthy();
      const cv = Buffer.from("%PDF-1.4 Grace Hopper CV").toString("base64");
      await sdk.kombo.ats.addApplicationAttachment({
        application_id: applicationId,
        body: { attachment: { name: "cv.pdf", type: "CV", content_type: "application/pdf", data: cv } },
      });
      const files = await sdk.kombo.ats.getCandidateAttachments({ candidate_id: candidate.id });
      expect(files.data.results.map((a) => a.type)).toContain("CV");
    });

    vendorTests(() => ({ tenant, sdk }));

    it("disables and deletes the integration", async () => {
      const integration_id = tenant.integrationId;
      await sdk.kombo.general.setIntegrationEnabled({ integration_id, body: { value: false } });
      expect((await sdk.kombo.general.getIntegrationDetails({ integration_id })).data.status).toBe(
        "INACTIVE",
      );
      await sdk.kombo.general.deleteIntegration({ integration_id, body: {} });
      const gone = await sdk.kombo.general
        .getIntegrationDetails({ integration_id })
        .catch((e: unknown) => e as { data$?: { error: { code: string } } });
      expect((gone as { data$?: { error: { code: string } } }).data$?.error.code).toBe(
        "PLATFORM.INTEGRATION_NOT_FOUND",
      );
    });
  });
}
