import {
  type ActionProgress,
  type AttachmentFile,
  type ConnectorActions,
  type CreateActionInput,
  type CreateApplicationInput,
  isActionIncomplete,
} from "@atsync/core/connector";
import { describe, expect, it } from "vitest";
import { startTest, truthIds } from "../test/harness.js";

type Actions = Required<ConnectorActions>;

const cv: AttachmentFile = {
  name: "cv.pdf",
  type: "CV",
  content_type: "application/pdf",
  bytes: Buffer.from("%PDF-1.4 cv"),
};
const letter: AttachmentFile = {
  name: "letter.txt",
  type: "COVER_LETTER",
  content_type: "text/plain",
  bytes: Buffer.from("Dear Greenhouse"),
};

function createInput(
  jobId: string,
  overrides: Partial<CreateActionInput<CreateApplicationInput>> = {},
  email = `ada.${Math.random().toString(36).slice(2)}@example.com`,
): CreateActionInput<CreateApplicationInput> {
  return {
    body: {
      candidate: {
        first_name: "Ada",
        last_name: "Lovelace",
        email_address: email,
        phone_number: "+44 20 1234",
        company: "Engines Ltd",
        location: { city: "London", country: "GB" },
        social_links: [{ url: "https://www.linkedin.com/in/ada" }],
        gender: "FEMALE",
      },
    },
    attachments: [cv, letter],
    job_remote_id: jobId,
    stage_remote_id: null,
    source_name: null,
    progress: null,
    ...overrides,
  };
}

async function setup() {
  const t = await startTest();
  const jobs = t.sim.state.list("jobs");
  const open = jobs.find((j) => j.status === "open");
  const closed = jobs.find((j) => j.status !== "open");
  const actions = t.session.actions as Actions;
  return { ...t, actions, openJob: String(open?.id), closedJob: String(closed?.id) };
}

describe("create actions", () => {
  it("creates a candidate with its application at the chosen stage, uploads files and returns both records", async () => {
    const { sim, actions, openJob } = await setup();
    const stage = sim.state.list("job_interview_stages").filter((s) => String(s.job_id) === openJob)[1];
    const result = await actions.create_candidate({
      ...createInput(openJob, { stage_remote_id: String(stage?.id), source_name: "linkedin" }),
      body: { ...createInput(openJob).body, application: { job_id: openJob } },
    } as never);
    const candidate = result.records.find((r) => r.model === "candidates")?.record;
    const application = result.records.find((r) => r.model === "applications")?.record;
    expect(candidate).toMatchObject({ first_name: "Ada", company: "Engines Ltd" });
    expect(application).toMatchObject({ job_remote_id: openJob, current_stage_remote_id: String(stage?.id) });
    const row = sim.state.get("applications", Number(application?.remote_id));
    expect(row?.source_id).toBe(301);
    const stored = sim.state.get("candidates", Number(candidate?.remote_id));
    expect(stored?.addresses).toEqual([{ value: "London, GB", type: "home" }]);
    expect(stored?.phone_numbers).toEqual([{ value: "+44 20 1234", type: "mobile" }]);
    const files = sim.state
      .list("attachments")
      .filter((a) => String(a.application_id) === application?.remote_id);
    expect(files.map((f) => f.type).sort()).toEqual(["cover_letter", "resume"]);
    expect(result.warnings.join(" ")).toMatch(/gender/);
  });

  it("reuses the candidate with the same e-mail and refuses a second open application for the job", async () => {
    const { sim, actions } = await setup();
    const existing = sim.state.list("candidates")[10];
    const email = ((existing?.email_addresses ?? []) as { value: string }[])[0]?.value as string;
    const jobs = new Set(
      sim.state
        .list("applications")
        .filter((a) => a.candidate_id === existing?.id)
        .map((a) => String(a.job_id)),
    );
    const free = sim.state.list("jobs").find((j) => j.status === "open" && !jobs.has(String(j.id)));
    const result = await actions.create_application(
      createInput(String(free?.id), { attachments: [] }, email),
    );
    const application = result.records.find((r) => r.model === "applications")?.record;
    expect(application?.candidate_remote_id).toBe(String(existing?.id));
    expect(result.warnings.join(" ")).toMatch(/existing Greenhouse candidate/);
    await expect(
      actions.create_application(createInput(String(free?.id), { attachments: [] }, email)),
    ).rejects.toMatchObject({ code: "ATS.APPLICATION_ALREADY_EXISTS" });
  });

  it("checks job, stage and ids before any write", async () => {
    const { sim, actions, openJob, closedJob } = await setup();
    const before = sim.state.list("candidates").length;
    await expect(actions.create_application(createInput(closedJob))).rejects.toMatchObject({
      code: "ATS.JOB_CLOSED",
    });
    await expect(actions.create_application(createInput("999999"))).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
    await expect(actions.create_application(createInput("../jobs"))).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
    });
    const foreignStage = sim.state.list("job_interview_stages").find((s) => String(s.job_id) !== openJob);
    await expect(
      actions.create_application(createInput(openJob, { stage_remote_id: String(foreignStage?.id) })),
    ).rejects.toMatchObject({ code: "PLATFORM.INPUT_INVALID", message: expect.stringMatching(/stage_id/) });
    expect(sim.state.list("candidates")).toHaveLength(before);
  });

  it("an upload failing after the create throws ActionIncompleteError; the retry finishes without creating twice", async () => {
    const { sim, actions, openJob } = await setup();
    sim.state.setFaults({ errorRate: 1, faultTargets: ["write"] });
    const input = createInput(openJob);
    // The create itself fails first: nothing exists.
    await expect(actions.create_application(input)).rejects.toMatchObject({
      code: "REMOTE.SERVICE_UNAVAILABLE",
    });
    sim.state.setFaults({ errorRate: 0 });
    const candidates = sim.state.list("candidates").length;
    const huge: AttachmentFile = { ...cv, name: "huge.pdf", bytes: new Uint8Array(11 * 1024 * 1024) };
    const failing = await actions
      .create_application({ ...input, attachments: [cv, huge] })
      .catch((e: unknown) => e);
    expect(isActionIncomplete(failing)).toBe(true);
    const progress = (failing as { progress: ActionProgress }).progress;
    expect(progress.attachments).toBe("1");
    const done = await actions.create_application({
      ...input,
      attachments: [cv, { ...huge, bytes: Buffer.from("small") }],
      progress,
    });
    expect(sim.state.list("candidates")).toHaveLength(candidates + 1);
    expect(done.records.map((r) => r.record.remote_id)).toEqual([progress.candidate, progress.application]);
  });
});

describe("attachments and moves", () => {
  it("uploads to candidates and applications and lists a candidate's files with download links", async () => {
    const { sim, actions } = await setup();
    const application = sim.state.list("applications")[0];
    const candidateId = String(application?.candidate_id);
    await actions.add_candidate_attachment({
      body: {},
      attachment: letter,
      candidate_remote_id: candidateId,
    });
    const result = await actions.add_application_attachment({
      body: {},
      attachment: cv,
      candidate_remote_id: candidateId,
      application_remote_id: String(application?.id),
    });
    expect(result.warnings.join(" ")).toMatch(/resume/);
    const { attachments } = await actions.get_candidate_attachments({ candidate_remote_id: candidateId });
    expect(attachments.map((a) => a.type).sort()).toEqual(["COVER_LETTER", "CV"]);
    const download = await fetch(attachments.find((a) => a.type === "CV")?.data_url as string);
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe("%PDF-1.4 cv");
    await expect(
      actions.add_candidate_attachment({ body: {}, attachment: cv, candidate_remote_id: "999999999" }),
    ).rejects.toMatchObject({ code: "PLATFORM.INPUT_INVALID" });
  });

  it("moves an active application to a stage of its job, refusing other jobs' stages and closed applications", async () => {
    const { sim, actions } = await setup();
    const application = sim.state
      .list("applications")
      .find((a) => a.status === "in_process" && a.prospect === false);
    const stages = sim.state.list("job_interview_stages").filter((s) => s.job_id === application?.job_id);
    const target = stages.find((s) => s.id !== application?.job_interview_stage_id);
    const result = await actions.move_application_to_stage({
      body: { stage_id: "x" },
      application_remote_id: String(application?.id),
      stage_remote_id: String(target?.id),
    });
    expect(result.records[0]?.record.current_stage_remote_id).toBe(String(target?.id));
    expect(sim.state.get("applications", Number(application?.id))?.job_interview_stage_id).toBe(target?.id);
    const foreign = sim.state.list("job_interview_stages").find((s) => s.job_id !== application?.job_id);
    await expect(
      actions.move_application_to_stage({
        body: { stage_id: "x" },
        application_remote_id: String(application?.id),
        stage_remote_id: String(foreign?.id),
      }),
    ).rejects.toMatchObject({ code: "PLATFORM.INPUT_INVALID" });
    const hired = sim.state.list("applications").find((a) => a.status === "hired");
    await expect(
      actions.move_application_to_stage({
        body: { stage_id: "x" },
        application_remote_id: String(hired?.id),
        stage_remote_id: String(target?.id),
      }),
    ).rejects.toMatchObject({ code: "PLATFORM.INPUT_INVALID" });
    expect(truthIds(sim, "applications").length).toBe(300);
  });
});

/** Stats keys of the Harvest writes made since the last reset (the simulator counts requests by route). */
function writes(sim: { stats(): Record<string, number> }): string[] {
  return Object.keys(sim.stats()).filter((key) => key.includes(" /v3/") && !key.startsWith("GET "));
}

describe("reject, notes and tags", () => {
  it("rejects an active application with a Greenhouse reason and note, returning it with outcome and reason", async () => {
    const { sim, actions } = await setup();
    const application = sim.state.list("applications").find((a) => a.status === "in_process");
    const reason = sim.state.list("rejection_reasons")[1];
    const result = await actions.reject_application({
      body: { rejection_reason_id: String(reason?.id), note: "Not now" },
      application_remote_id: String(application?.id),
    });
    expect(result.records[0]?.record).toMatchObject({
      outcome: "DECLINED",
      rejection_reason_name: reason?.name,
      rejected_at: expect.any(String),
    });
    const stored = sim.state.get("applications", Number(application?.id));
    expect(stored).toMatchObject({ status: "rejected", rejection_reason_id: reason?.id });
    const details = sim.state.list("rejection_details").filter((d) => d.application_id === application?.id);
    expect(details.map((d) => d.notes)).toEqual(["Not now"]);
  });

  it("checks the application and the reason before any write", async () => {
    const { sim, actions } = await setup();
    const active = String(sim.state.list("applications").find((a) => a.status === "in_process")?.id);
    const rejected = String(sim.state.list("applications").find((a) => a.status === "rejected")?.id);
    const reason = String(sim.state.list("rejection_reasons")[0]?.id);
    sim.state.resetStats();
    const cases = [
      [{ rejection_reason_id: "999999" }, active, "rejection_reason_id"],
      [{ rejection_reason_id: "abc" }, active, "rejection_reason_id"],
      [{ rejection_reason_id: reason }, rejected, "application_id"],
      [{ rejection_reason_id: reason }, "999999999", "application_id"],
    ] as const;
    for (const [body, application_remote_id, path] of cases)
      await expect(actions.reject_application({ body, application_remote_id })).rejects.toMatchObject({
        code: "PLATFORM.INPUT_INVALID",
        details: { issues: [expect.objectContaining({ path })] },
      });
    expect(writes(sim.state)).toEqual([]);
  });

  it("adds a note to an application as the service account, with the visibility asked for", async () => {
    const { sim, actions } = await setup();
    const application = sim.state.list("applications")[3];
    const result = await actions.add_application_note({
      body: {
        content: "Great call",
        content_type: "PLAIN_TEXT",
        remote_fields: { greenhousev3: { visibility: "private" } },
      },
      application_remote_id: String(application?.id),
    });
    expect(result.records[0]?.record.remote_id).toBe(String(application?.id));
    const note = sim.state.list("notes").find((n) => n.body === "Great call");
    expect(note).toMatchObject({
      application_id: application?.id,
      candidate_id: application?.candidate_id,
      user_id: sim.serviceAccountUserId,
      visibility: "private",
      type: "NOTE",
    });
    sim.state.resetStats();
    await expect(
      actions.add_application_note({
        body: {
          content: "x",
          content_type: "PLAIN_TEXT",
          remote_fields: { greenhousev3: { visibility: "team" } },
        },
        application_remote_id: String(application?.id),
      }),
    ).rejects.toMatchObject({ code: "PLATFORM.INPUT_INVALID" });
    expect(writes(sim.state)).toEqual([]);
  });

  it("adds and removes a candidate tag by name, refusing unknown names before any write", async () => {
    const { sim, actions } = await setup();
    const candidate = sim.state.list("candidates").find((c) => (c.tags as string[]).length === 0);
    const tag = sim.state.list("candidate_tags")[0];
    const input = {
      body: { tag: { name: String(tag?.name).toUpperCase() } },
      candidate_remote_id: String(candidate?.id),
    };
    expect((await actions.add_candidate_tag(input)).warnings).toEqual([]);
    expect(sim.state.get("candidates", Number(candidate?.id))?.tags).toEqual([tag?.name]);
    expect((await actions.add_candidate_tag(input)).warnings).toEqual(["the candidate already has this tag"]);
    const removed = await actions.remove_candidate_tag(input);
    expect(removed.records[0]?.record.remote_id).toBe(String(candidate?.id));
    expect(sim.state.get("candidates", Number(candidate?.id))?.tags).toEqual([]);
    expect((await actions.remove_candidate_tag(input)).warnings).toEqual([
      "the candidate does not have this tag",
    ]);
    sim.state.resetStats();
    await expect(
      actions.add_candidate_tag({ ...input, body: { tag: { name: "No such tag" } } }),
    ).rejects.toMatchObject({
      code: "PLATFORM.INPUT_INVALID",
      details: { issues: [expect.objectContaining({ path: "tag.name" })] },
    });
    expect(writes(sim.state)).toEqual([]);
  });
});
