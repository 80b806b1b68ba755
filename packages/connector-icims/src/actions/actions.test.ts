import {
  type AttachmentFile,
  type ConnectorActions,
  type CreateApplicationInput,
  isActionIncomplete,
  isAtsyncError,
  remoteRecordSchema,
} from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { startTest } from "../../test/harness.js";

type Json = Record<string, unknown>;

const candidate = (email: string): CreateApplicationInput["candidate"] => ({
  first_name: "Ana",
  last_name: "Okafor",
  email_address: email,
  phone_number: "303-555-0142",
});

const file = (
  name: string,
  type: AttachmentFile["type"],
  content = "%PDF-1.4 test resume",
): AttachmentFile => ({
  name,
  type,
  content_type: name.endsWith(".txt") ? "text/plain" : "application/pdf",
  bytes: Buffer.from(content),
});

/** The members of a create input besides body and ids: no files, no earlier progress. */
const fresh = { attachments: [] as AttachmentFile[], progress: null };

async function caught(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  return error as { code: string; message: string };
}

async function withActions(options: Parameters<typeof startTest>[0] = {}) {
  const test = await startTest(options);
  const actions = test.session.actions as ConnectorActions;
  const job = String(test.sim.state.list("jobs")[0]?.id);
  const status = (value: string) =>
    (test.sim.state.listTree("lists.applicantworkflow.status") ?? [])
      .flatMap((b) => b.children ?? [])
      .find((s) => s.value === value)?.id ?? "";
  return { ...test, actions, job, status };
}

const personIdOf = (records: { model: string; record: { remote_id: string } }[]) =>
  Number(records.find((r) => r.model === "candidates")?.record.remote_id);
const applicationIdOf = (records: { model: string; record: { remote_id: string } }[]) =>
  Number(records.find((r) => r.model === "applications")?.record.remote_id);

describe("create application / create candidate", () => {
  it("creates the person and the workflow in the stage, writes the source, uploads the CV, returns both records", async () => {
    const { sim, actions, job, status } = await withActions();
    const stage = status("Interview - Phone Screen");
    const result = await actions.create_application({
      body: { candidate: { ...candidate("ana.new@example.org"), company: "Acme" } },
      attachments: [file("Ana.pdf", "CV"), file("Letter.pdf", "COVER_LETTER")],
      progress: null,
      job_remote_id: job,
      stage_remote_id: stage,
      source_name: "Job Board",
    });
    const personId = personIdOf(result.records);
    const workflowId = applicationIdOf(result.records);
    expect(sim.state.get("people", personId)).toMatchObject({
      firstname: "Ana",
      lastname: "Okafor",
      email: "ana.new@example.org",
      source: "Job Board",
      sourcename: "Job Board",
      resume: { file: expect.stringContaining("/resume/binary") },
    });
    expect(sim.state.get("applicantworkflows", workflowId)).toMatchObject({
      baseprofile: { id: Number(job) },
      associatedprofile: { id: personId },
      status: { id: stage },
      source: "Job Board",
    });
    for (const { model, record } of result.records) {
      expect(remoteRecordSchema(model).safeParse(record).success, model).toBe(true);
    }
    expect(result.records.find((r) => r.model === "applications")?.record["current_stage_remote_id"]).toBe(
      stage,
    );
    expect(result.warnings.join("\n")).toContain("Letter.pdf (COVER_LETTER)");
    expect(result.warnings.join("\n")).toContain("company");
  });

  it("passes iCIMS' warning on for a source not in its list (the record is still created)", async () => {
    const { sim, actions, job } = await withActions();
    const result = await actions.create_candidate({
      body: { candidate: candidate("ana.src@example.org"), application: { job_id: job } },
      ...fresh,
      job_remote_id: job,
      stage_remote_id: null,
      source_name: "Acme Sourcing Tool",
    });
    expect(result.warnings.some((w) => w.startsWith("iCIMS warning: source:"))).toBe(true);
    const person = sim.state.get("people", personIdOf(result.records));
    expect(person).toMatchObject({ sourcename: "Acme Sourcing Tool" });
    expect(person).not.toHaveProperty("source");
    expect(sim.state.get("applicantworkflows", applicationIdOf(result.records))?.["status"]).toMatchObject({
      id: "D10100",
    });
  });

  it("reuses the person with the same e-mail (never overwriting its source) and refuses a duplicate", async () => {
    const { sim, actions } = await withActions();
    const person = sim.state.list("people").find((p) => p["source"] !== undefined) as Json;
    const applied = new Set(
      sim.state
        .list("applicantworkflows")
        .filter((w) => (w["associatedprofile"] as Json)["id"] === person["id"])
        .map((w) => (w["baseprofile"] as Json)["id"]),
    );
    const freeJob = String(sim.state.list("jobs").find((j) => !applied.has(j.id))?.id);
    const peopleBefore = sim.state.list("people").length;
    const body = { candidate: { ...candidate(String(person["email"])), first_name: "Changed" } };
    const result = await actions.create_application({
      body,
      ...fresh,
      job_remote_id: freeJob,
      stage_remote_id: null,
      source_name: "Employee Referral",
    });
    expect(personIdOf(result.records)).toBe(person["id"]);
    expect(sim.state.list("people")).toHaveLength(peopleBefore);
    expect(sim.state.get("people", Number(person["id"]))).toMatchObject({
      firstname: person["firstname"],
      source: person["source"],
    });
    const error = await caught(
      actions.create_application({
        body,
        ...fresh,
        job_remote_id: freeJob,
        stage_remote_id: null,
        source_name: null,
      }),
    );
    expect(error.code).toBe("ATS.APPLICATION_ALREADY_EXISTS");
  });

  it("fails with iCIMS' message when a required field is missing (400 FIELD_REQUIRED)", async () => {
    const { actions, job } = await withActions({ requiredFields: { people: ["middlename"] } });
    const error = await caught(
      actions.create_application({
        body: { candidate: candidate("ana.req@example.org") },
        ...fresh,
        job_remote_id: job,
        stage_remote_id: null,
        source_name: null,
      }),
    );
    expect(error.code).toBe("REMOTE.INPUT_INVALID");
    expect(error.message).toContain('Field "middlename" is required.');
  });

  it("stores the location as an address, and only warns when iCIMS rejects it", async () => {
    const { sim, actions, job } = await withActions();
    const ok = await actions.create_application({
      body: {
        candidate: {
          ...candidate("ana.loc@example.org"),
          location: { city: "Boulder", country: "US", state: "CO", zip_code: "80302" },
        },
      },
      ...fresh,
      job_remote_id: job,
      stage_remote_id: null,
      source_name: null,
    });
    expect(sim.state.get("people", personIdOf(ok.records))?.["addresses"]).toEqual([
      expect.objectContaining({ addresscity: "Boulder", addresszip: "80302" }),
    ]);
    const rejected = await actions.create_application({
      body: {
        candidate: { ...candidate("ana.de@example.org"), location: { city: "Berlin", country: "DE" } },
      },
      ...fresh,
      job_remote_id: job,
      stage_remote_id: null,
      source_name: null,
    });
    expect(rejected.warnings.some((w) => w.startsWith("The candidate's location was not stored"))).toBe(true);
    expect(sim.state.get("people", personIdOf(rejected.records))).toMatchObject({
      email: "ana.de@example.org",
    });
  });
});

describe("create: checked before the first write, resumable after a midway failure", () => {
  const writes = (stats: Record<string, number>) =>
    Object.keys(stats).filter((k) => !/^(GET |POST \/search\/|POST \/oauth\/token)/.test(k));

  it("refuses a missing job, a non-numeric job id and an unknown stage without writing anything", async () => {
    const { sim, actions, job } = await withActions();
    sim.state.resetStats();
    const people = sim.state.list("people").length;
    const create = (job_remote_id: string, stage_remote_id: string | null) =>
      caught(
        actions.create_candidate({
          body: { candidate: candidate("nobody@example.org"), application: { job_id: "x" } },
          ...fresh,
          job_remote_id,
          stage_remote_id,
          source_name: null,
        }),
      );
    for (const [jobId, stage, field] of [
      ["999999", null, "application.job_id: no iCIMS job 999999"],
      ["..", null, "application.job_id: is not an iCIMS id"],
      ["1/../2", null, "application.job_id: is not an iCIMS id"],
      [job, "C999", "application.stage_id: C999 is not a status"],
    ] as const) {
      const error = await create(jobId, stage);
      expect(error.code, jobId).toBe("PLATFORM.INPUT_INVALID");
      expect(error.message, jobId).toContain(field);
    }
    expect(writes(sim.state.stats())).toEqual([]);
    expect(sim.state.list("people")).toHaveLength(people);
  });

  it("refuses non-numeric ids before any call to iCIMS", async () => {
    const { sim, actions } = await withActions();
    sim.state.resetStats();
    for (const id of ["..", "1/2", "%2e%2e", "12a", ""]) {
      const calls = [
        actions.move_application_to_stage({
          body: { stage_id: "x" },
          application_remote_id: id,
          stage_remote_id: "C1",
        }),
        actions.add_application_result_link({
          body: { label: "x", url: "https://x.example/r" },
          application_remote_id: id,
        }),
        actions.add_candidate_attachment({
          body: {},
          attachment: file("cv.pdf", "CV"),
          candidate_remote_id: id,
        }),
        actions.get_candidate_attachments({ candidate_remote_id: id }),
      ];
      for (const call of calls) expect((await caught(call)).code, id).toBe("PLATFORM.INPUT_INVALID");
    }
    expect(sim.state.stats()).toEqual({});
  });

  it("reports what exists after a failed resume upload and completes from that progress", async () => {
    const { sim, actions, job } = await withActions({ maxBodyBytes: 64 * 1024 });
    const input = {
      body: { candidate: candidate("ana.mid@example.org") },
      job_remote_id: job,
      stage_remote_id: null,
      source_name: null,
    };
    const big = file("cv.pdf", "CV", "x".repeat(100 * 1024));
    const error = await actions.create_application({ ...input, attachments: [big], progress: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isActionIncomplete(error)).toBe(true);
    const { progress, created } = error as { progress: Record<string, string>; created: unknown[] };
    const person = sim.state.list("people").find((p) => p["email"] === "ana.mid@example.org");
    const workflow = sim.state.list("applicantworkflows").at(-1);
    expect(progress).toMatchObject({ person: String(person?.id), workflow: String(workflow?.id) });
    expect(created).toEqual([
      { model: "candidates", remote_id: String(person?.id) },
      { model: "applications", remote_id: String(workflow?.id) },
    ]);
    const workflows = sim.state.list("applicantworkflows").length;
    const done = await actions.create_application({
      ...input,
      attachments: [file("cv.pdf", "CV")],
      progress,
    });
    expect(applicationIdOf(done.records)).toBe(workflow?.id);
    expect(done.warnings.join("\n")).toContain(
      `had created iCIMS person ${person?.id} and workflow ${workflow?.id}`,
    );
    expect(sim.state.list("applicantworkflows")).toHaveLength(workflows);
    expect(sim.state.get("people", Number(person?.id))?.["resume"]).toBeDefined();
  });

  it("adopts the workflow an earlier attempt created when only the person was recorded", async () => {
    const { sim, actions, job } = await withActions();
    const input = {
      body: { candidate: candidate("ana.lost@example.org") },
      ...fresh,
      job_remote_id: job,
      stage_remote_id: null,
      source_name: null,
    };
    const first = await actions.create_application(input);
    const person = String(personIdOf(first.records));
    const workflows = sim.state.list("applicantworkflows").length;
    const again = await actions.create_application({ ...input, progress: { person, person_created: "1" } });
    expect(applicationIdOf(again.records)).toBe(applicationIdOf(first.records));
    expect(sim.state.list("applicantworkflows")).toHaveLength(workflows);
  });
});

describe("attachments", () => {
  it("stores a CV as the candidate's resume and reads it back as a data URL", async () => {
    const { sim, actions } = await withActions();
    const person = String(sim.state.list("people").find((p) => p["resume"] === undefined)?.id);
    await actions.add_candidate_attachment({
      body: {},
      attachment: file("CV.pdf", "CV", "%PDF cv"),
      candidate_remote_id: person,
    });
    const { attachments } = await actions.get_candidate_attachments({ candidate_remote_id: person });
    expect(attachments).toEqual([
      {
        type: "CV",
        remote_id: `${person}:resume`,
        data_url: `data:application/pdf;base64,${Buffer.from("%PDF cv").toString("base64")}`,
        file_name: "CV.pdf",
        content_type: "application/pdf",
        remote_created_at: null,
        remote_updated_at: null,
      },
    ]);
  });

  it("lists no attachments for a person without a resume", async () => {
    const { sim, actions } = await withActions();
    const person = String(sim.state.list("people").find((p) => p["resume"] === undefined)?.id);
    expect(await actions.get_candidate_attachments({ candidate_remote_id: person })).toEqual({
      attachments: [],
      warnings: [],
    });
  });

  it("falls back to the candidate's resume for an application CV, with a warning", async () => {
    const { sim, actions } = await withActions();
    const workflow = sim.state.list("applicantworkflows")[0] as Json;
    const person = String((workflow["associatedprofile"] as Json)["id"]);
    const result = await actions.add_application_attachment({
      body: {},
      attachment: file("New.txt", "CV", "cv"),
      application_remote_id: String(workflow["id"]),
      candidate_remote_id: person,
    });
    expect(result.warnings[0]).toContain("stored as the resume of candidate");
    const { attachments } = await actions.get_candidate_attachments({ candidate_remote_id: person });
    expect(attachments[0]).toMatchObject({ file_name: "New.txt", content_type: "text/plain" });
  });

  it("refuses other attachment types with INTEGRATION.ACTION_NOT_AVAILABLE naming the limitation", async () => {
    const { sim, actions } = await withActions();
    const person = String(sim.state.list("people")[60]?.id);
    sim.state.resetStats();
    const attachment = file("Letter.pdf", "COVER_LETTER");
    const error = await caught(
      actions.add_candidate_attachment({ body: {}, attachment, candidate_remote_id: person }),
    );
    expect(error.code).toBe("INTEGRATION.ACTION_NOT_AVAILABLE");
    expect(error.message).toContain("only accepts attachments of type CV");
    const onApplication = await caught(
      actions.add_application_attachment({
        body: {},
        attachment,
        application_remote_id: "1",
        candidate_remote_id: person,
      }),
    );
    expect(onApplication.code).toBe("INTEGRATION.ACTION_NOT_AVAILABLE");
    expect(sim.state.stats()).toEqual({});
  });
});

describe("workflow actions", () => {
  it("moves an application to a stage (status PATCH, logged) and returns it read back", async () => {
    const { sim, actions, status } = await withActions();
    const workflow = sim.state.list("applicantworkflows")[0] as Json;
    const stage = status("Offer - Extended");
    const result = await actions.move_application_to_stage({
      body: { stage_id: "unified-id" },
      application_remote_id: String(workflow["id"]),
      stage_remote_id: stage,
    });
    const after = sim.state.get("applicantworkflows", Number(workflow["id"]));
    expect(after?.["status"]).toMatchObject({ id: stage });
    expect((after?.["submittalstatuslog"] as Json[] | undefined)?.[0]).toMatchObject({
      status: { id: stage },
    });
    expect(result.records).toEqual([
      {
        model: "applications",
        record: expect.objectContaining({ current_stage_remote_id: stage, outcome: "PENDING" }),
      },
    ]);
  });

  it("fails with iCIMS' message for an unknown stage", async () => {
    const { sim, actions } = await withActions();
    const workflow = sim.state.list("applicantworkflows")[0] as Json;
    const error = await caught(
      actions.move_application_to_stage({
        body: { stage_id: "x" },
        application_remote_id: String(workflow["id"]),
        stage_remote_id: "C99999999",
      }),
    );
    expect(error.code).toBe("REMOTE.INPUT_INVALID");
    expect(error.message).toContain("not a valid option");
  });

  it("adds a result link as an assessment-results entry", async () => {
    const { sim, actions } = await withActions();
    const workflow = sim.state.list("applicantworkflows")[1] as Json;
    await actions.add_application_result_link({
      body: {
        label: "Coding Challenge",
        url: "https://assessments.example.com/r/42",
        details: { custom_field_name_prefix: "x_", attributes: [{ key: "score", value: "87" }] },
      },
      application_remote_id: String(workflow["id"]),
    });
    const entries = sim.state.get("applicantworkflows", Number(workflow["id"]))?.[
      "assessmentresults"
    ] as Json[];
    expect(entries.at(-1)).toMatchObject({
      assessmentname: { value: "Coding Challenge" },
      assessmenturl: "https://assessments.example.com/r/42",
      assessmentdate: "2025-03-10",
      assessmentnotes: "score: 87",
    });
  });
});

describe("passthrough", () => {
  it("forwards a path under /customers/{id} with auth injected and returns the answer", async () => {
    const { sim, session } = await startTest();
    const job = sim.state.list("jobs")[0];
    const passthrough = session.passthrough as NonNullable<typeof session.passthrough>;
    const result = await passthrough({
      api: "default",
      method: "GET",
      path: `/jobs/${job?.id}`,
      params: { fields: "jobtitle" },
      headers: { Authorization: "Basic Zm9vOmJhcg==", "X-Custom": "1" },
    });
    expect(result).toMatchObject({
      status: 200,
      url: `${sim.baseUrl}/jobs/${job?.id}?fields=jobtitle`,
      data: { jobtitle: job?.["jobtitle"] },
    });
    expect(result.headers["x-ratelimit-limit"]).toBeDefined();
    const search = await passthrough({
      api: "default",
      method: "POST",
      path: "/search/jobs",
      data: { filters: [{ name: "job.id", value: [String(job?.id)] }] },
    });
    expect(search.data).toMatchObject({ searchResults: [{ id: job?.id }] });
    const missing = await passthrough({ api: "default", method: "GET", path: "/jobs/1" });
    expect(missing.status).toBe(404);
    await expect(passthrough({ api: "other", method: "GET", path: "/jobs" })).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
  });
});
