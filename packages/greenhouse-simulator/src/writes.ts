import { HarvestError, invalid } from "./errors.js";
import type { RecordStore } from "./store.js";
import type { ResourceName, Row } from "./tenant.js";

/** A write's answer: status and JSON body (none for 204). */
export interface WriteResult {
  status: number;
  json?: unknown;
}

/** What every write handler gets. */
export interface WriteContext {
  store: RecordStore;
  /** Simulator time (ms) to stamp. */
  now: number;
  /** The user the token acts as. */
  actingUserId: number;
  /** Stores uploaded attachment bytes. */
  saveFile(attachmentId: number, bytes: Buffer, contentType: string): void;
}

type Body = Record<string, unknown>;

const EMAIL_TYPES = ["personal", "work", "other"];
const PHONE_TYPES = ["home", "work", "mobile", "skype", "other"];
const ADDRESS_TYPES = ["home", "work", "other"];
const WEBSITE_TYPES = ["personal", "company", "portfolio", "blog", "other"];
const ATTACHMENT_TYPES = ["resume", "cover_letter", "admin_only", "offer_packet", "other"];

const iso = (ms: number): string => new Date(ms).toISOString();

function object(body: unknown): Body {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalid("Request body must be a JSON object");
  return body as Body;
}

function onlyKeys(body: Body, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((k) => !allowed.includes(k));
  if (unknown !== undefined) throw invalid(`Unknown attribute: ${unknown}`);
}

function text(body: Body, key: string, required: boolean): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${key} is required`);
    return undefined;
  }
  if (typeof value !== "string" || (required && value.trim() === ""))
    throw invalid(`${key} must be a non-blank string`);
  return value;
}

function id(body: Body, key: string, required: boolean): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${key} is required`);
    return undefined;
  }
  if (!(Number.isSafeInteger(value) && (value as number) > 0))
    throw invalid(`${key} must be a positive integer id`);
  return value as number;
}

function existing(store: RecordStore, resource: ResourceName, key: string, value: number): Row {
  const row = store.get(resource, value);
  if (!row) throw invalid(`${key} ${value} does not exist`);
  return row;
}

function contacts(
  body: Body,
  key: string,
  types: readonly string[] | null,
): { value: string; type?: string }[] {
  const value = body[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${key} must be an array`);
  return value.map((entry, i) => {
    const item = object(entry);
    onlyKeys(item, types ? ["value", "type"] : ["value"]);
    const v = text(item, "value", true) as string;
    if (!types) return { value: v };
    const type = item.type ?? "other";
    if (typeof type !== "string" || !types.includes(type))
      throw invalid(`${key}[${i}].type must be one of ${types.join(", ")}`);
    return { value: v, type };
  });
}

/** Stage rows of a job, by sort order (empty for a job without stages). */
function stagesOf(store: RecordStore, jobId: number): Row[] {
  const tenant = store.tenant;
  const slot = tenant.resources.jobs.slotOf(jobId);
  if (slot === undefined) return [];
  return tenant
    .stagesOf(slot)
    .map((_, i) => store.get("job_interview_stages", tenant.stageId(slot, i)))
    .filter((row): row is Row => row?.active === true);
}

function openJob(store: RecordStore, jobId: number): Row {
  const job = existing(store, "jobs", "job_id", jobId);
  if (job.status !== "open") throw invalid(`job_id ${jobId} is not open`);
  return job;
}

/** Touches a record: new `updated_at` (and `last_activity_at` where the resource has one). */
function touch(ctx: WriteContext, resource: ResourceName, row: Row, changes: Body = {}): Row {
  const stamp = iso(ctx.now);
  const next: Row = { ...row, ...changes, updated_at: stamp };
  if ("last_activity_at" in row) next.last_activity_at = stamp;
  ctx.store.put(resource, next);
  return next;
}

/** Marks activity on a candidate (notes, tags, attachments, application writes). */
function candidateActivity(ctx: WriteContext, candidateId: number, changes: Body = {}): void {
  const candidate = ctx.store.get("candidates", candidateId);
  if (candidate) touch(ctx, "candidates", candidate, changes);
}

function newApplication(ctx: WriteContext, candidateId: number, body: Body): Row {
  const prospect = body.prospect === true;
  const stamp = iso(ctx.now);
  const base = {
    candidate_id: candidateId,
    status: "in_process",
    prospect,
    rejected_at: null,
    rejection_reason_id: null,
    source_id: id(body, "source_id", false) ?? null,
    referrer_id: id(body, "referrer_id", false) ?? null,
    recruiter_id: null,
    coordinator_id: null,
    location_address: null,
    answers: [],
    custom_fields: { referral_note: null },
    created_at: stamp,
    updated_at: stamp,
    last_activity_at: stamp,
  };
  if (base.source_id !== null) existing(ctx.store, "sources", "source_id", base.source_id);
  if (base.referrer_id !== null) existing(ctx.store, "users", "referrer_id", base.referrer_id);
  if (prospect) {
    const prospective = body.prospective_job_ids ?? [];
    if (!Array.isArray(prospective) || prospective.some((j) => !Number.isSafeInteger(j))) {
      throw invalid("prospective_job_ids must be an array of job ids");
    }
    for (const jobId of prospective as number[]) existing(ctx.store, "jobs", "prospective_job_ids", jobId);
    return ctx.store.create("applications", {
      ...base,
      job_id: null,
      job_post_id: null,
      job_interview_stage_id: null,
      stage_name: null,
      prospective_job_ids: prospective,
    });
  }
  const jobId = id(body, "job_id", true) as number;
  openJob(ctx.store, jobId);
  const stages = stagesOf(ctx.store, jobId);
  const initial = id(body, "initial_stage_id", false);
  const stage = initial === undefined ? stages[0] : stages.find((s) => s.id === initial);
  if (!stage)
    throw invalid(
      initial === undefined
        ? `job_id ${jobId} has no stages`
        : `initial_stage_id ${initial} is not a stage of job ${jobId}`,
    );
  for (const other of ctx.store.descending("applications")) {
    if (other.candidate_id === candidateId && other.job_id === jobId && other.status !== "rejected") {
      throw invalid(`Candidate ${candidateId} already has an application for job ${jobId}`);
    }
  }
  return ctx.store.create("applications", {
    ...base,
    job_id: jobId,
    job_post_id: null,
    job_interview_stage_id: stage.id,
    stage_name: stage.name,
    prospective_job_ids: [],
  });
}

/** `POST /v3/candidates`. */
export function createCandidate(ctx: WriteContext, raw: unknown): WriteResult {
  const body = object(raw);
  onlyKeys(body, [
    "first_name",
    "last_name",
    "company",
    "title",
    "email_addresses",
    "phone_numbers",
    "addresses",
    "website_addresses",
    "social_media_addresses",
    "tags",
    "application",
  ]);
  const tags = body.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== "string" || t.trim() === "")) {
    throw invalid("tags must be an array of non-blank tag names");
  }
  const application = body.application === undefined ? undefined : object(body.application);
  if (application) {
    onlyKeys(application, ["job_id", "source_id", "referrer_id", "initial_stage_id"]);
    openJob(ctx.store, id(application, "job_id", true) as number);
  }
  const stamp = iso(ctx.now);
  const candidate = ctx.store.create("candidates", {
    first_name: text(body, "first_name", true),
    last_name: text(body, "last_name", true),
    preferred_name: null,
    company: text(body, "company", false) ?? null,
    title: text(body, "title", false) ?? null,
    last_activity_at: stamp,
    private: false,
    can_email: true,
    time_zone: null,
    tags: [...new Set(tags as string[])],
    linked_user_ids: [],
    email_addresses: contacts(body, "email_addresses", EMAIL_TYPES),
    phone_numbers: contacts(body, "phone_numbers", PHONE_TYPES),
    addresses: contacts(body, "addresses", ADDRESS_TYPES),
    website_addresses: contacts(body, "website_addresses", WEBSITE_TYPES),
    social_media_addresses: contacts(body, "social_media_addresses", null),
    custom_fields: { desired_salary: null, willing_to_relocate: null, available_from: null },
    created_at: stamp,
    updated_at: stamp,
  });
  for (const name of candidate.tags as string[]) applyTag(ctx, candidate.id, tagIdByName(ctx, name));
  const created = application ? newApplication(ctx, candidate.id, application) : null;
  return {
    status: 201,
    json: { candidate: ctx.store.get("candidates", candidate.id), application: created },
  };
}

function tagIdByName(ctx: WriteContext, name: string): number {
  for (const tag of ctx.store.descending("candidate_tags")) if (tag.name === name) return tag.id;
  const stamp = iso(ctx.now);
  return ctx.store.create("candidate_tags", { name, created_at: stamp, updated_at: stamp }).id;
}

function applyTag(ctx: WriteContext, candidateId: number, tagId: number): Row {
  const stamp = iso(ctx.now);
  return ctx.store.create("applied_candidate_tags", {
    candidate_id: candidateId,
    candidate_tag_id: tagId,
    created_at: stamp,
    updated_at: stamp,
  });
}

/** `POST /v3/applications`. */
export function createApplication(ctx: WriteContext, raw: unknown): WriteResult {
  const body = object(raw);
  onlyKeys(body, [
    "candidate_id",
    "job_id",
    "source_id",
    "referrer_id",
    "initial_stage_id",
    "prospect",
    "prospective_job_ids",
  ]);
  if (body.prospect !== undefined && typeof body.prospect !== "boolean")
    throw invalid("prospect must be a boolean");
  const candidateId = id(body, "candidate_id", true) as number;
  existing(ctx.store, "candidates", "candidate_id", candidateId);
  const application = newApplication(ctx, candidateId, body);
  candidateActivity(ctx, candidateId);
  return { status: 201, json: application };
}

function application(ctx: WriteContext, applicationId: number): Row {
  const row = ctx.store.get("applications", applicationId);
  if (!row) throw new HarvestError(404, `Application ${applicationId} not found`);
  return row;
}

/** `POST /v3/applications/{id}/move`. */
export function moveApplication(ctx: WriteContext, applicationId: number, raw: unknown): WriteResult {
  const app = application(ctx, applicationId);
  const body = object(raw);
  onlyKeys(body, ["from_stage_id", "to_stage_id", "to_job_id"]);
  if (app.status !== "in_process" || app.prospect === true)
    throw invalid("Only active, non-prospect applications can be moved");
  const from = id(body, "from_stage_id", true);
  if (from !== app.job_interview_stage_id)
    throw invalid(`from_stage_id ${from} is not the application's current stage`);
  const toJob = id(body, "to_job_id", false);
  const jobId = toJob ?? (app.job_id as number);
  if (toJob !== undefined) openJob(ctx.store, toJob);
  const stages = stagesOf(ctx.store, jobId);
  const to = id(body, "to_stage_id", false);
  let target: Row | undefined;
  if (to !== undefined) {
    target = stages.find((s) => s.id === to);
    if (!target) throw invalid(`to_stage_id ${to} is not an active stage of job ${jobId}`);
  } else if (toJob !== undefined) {
    target = stages[0];
  } else {
    const current = stages.findIndex((s) => s.id === from);
    target = stages[current + 1];
    if (!target) throw invalid("The application is in the job's last stage and cannot be advanced");
  }
  if (!target) throw invalid(`job ${jobId} has no stages`);
  const moved = touch(ctx, "applications", app, {
    job_id: jobId,
    job_interview_stage_id: target.id,
    stage_name: target.name,
  });
  candidateActivity(ctx, app.candidate_id as number);
  return { status: 200, json: moved };
}

/** `POST /v3/applications/{id}/reject`. */
export function rejectApplication(ctx: WriteContext, applicationId: number, raw: unknown): WriteResult {
  const app = application(ctx, applicationId);
  const body = object(raw);
  onlyKeys(body, ["rejection_reason_id", "notes", "rejection_email"]);
  if (app.status !== "in_process") throw invalid("Only active applications can be rejected");
  const reasonId = id(body, "rejection_reason_id", true) as number;
  existing(ctx.store, "rejection_reasons", "rejection_reason_id", reasonId);
  const notes = text(body, "notes", false) ?? null;
  if (body.rejection_email !== undefined) {
    const email = object(body.rejection_email);
    onlyKeys(email, ["email_template_id", "send_email_at", "email_from_user_id"]);
    id(email, "email_template_id", true);
    if (Number.isNaN(Date.parse(text(email, "send_email_at", true) as string)))
      throw invalid("send_email_at must be an ISO datetime");
    const from = id(email, "email_from_user_id", false);
    if (from !== undefined) existing(ctx.store, "users", "email_from_user_id", from);
  }
  const stamp = iso(ctx.now);
  const rejected = touch(ctx, "applications", app, {
    status: "rejected",
    rejected_at: stamp,
    rejection_reason_id: reasonId,
  });
  ctx.store.create("rejection_details", {
    application_id: app.id,
    rejection_reason_id: reasonId,
    notes,
    created_at: stamp,
    updated_at: stamp,
  });
  candidateActivity(ctx, app.candidate_id as number);
  return { status: 200, json: rejected };
}

/** `POST /v3/applications/{id}/unreject`. */
export function unrejectApplication(ctx: WriteContext, applicationId: number, raw: unknown): WriteResult {
  const app = application(ctx, applicationId);
  if (raw !== undefined) onlyKeys(object(raw), []);
  if (app.status !== "rejected") throw invalid("Only rejected applications can be unrejected");
  const details = [...ctx.store.descending("rejection_details")].filter((d) => d.application_id === app.id);
  for (const detail of details) ctx.store.remove("rejection_details", detail.id);
  const restored = touch(ctx, "applications", app, {
    status: "in_process",
    rejected_at: null,
    rejection_reason_id: null,
  });
  candidateActivity(ctx, app.candidate_id as number);
  return { status: 200, json: restored };
}

/** `POST /v3/notes`. */
export function createNote(ctx: WriteContext, raw: unknown): WriteResult {
  const body = object(raw);
  onlyKeys(body, ["candidate_id", "application_id", "user_id", "body", "visibility", "note_type"]);
  const candidateId = id(body, "candidate_id", false);
  const applicationId = id(body, "application_id", false);
  if ((candidateId === undefined) === (applicationId === undefined))
    throw invalid("Exactly one of candidate_id and application_id is required");
  const app =
    applicationId === undefined
      ? undefined
      : existing(ctx.store, "applications", "application_id", applicationId);
  const owner = candidateId ?? (app?.candidate_id as number);
  existing(ctx.store, "candidates", "candidate_id", owner);
  const userId = id(body, "user_id", true) as number;
  const user = existing(ctx.store, "users", "user_id", userId);
  if (user.deactivated === true) throw invalid(`user_id ${userId} is deactivated`);
  const visibility = body.visibility;
  if (!["admin_only", "private", "public"].includes(visibility as string))
    throw invalid("visibility must be admin_only, private or public");
  const type = body.note_type;
  if (!["NOTE", "ACTIVITY", "EMAIL"].includes(type as string))
    throw invalid("note_type must be NOTE, ACTIVITY or EMAIL");
  const stamp = iso(ctx.now);
  const note = ctx.store.create("notes", {
    candidate_id: owner,
    application_id: applicationId ?? null,
    user_id: userId,
    body: text(body, "body", true),
    subject: null,
    type,
    visibility,
    created_at: stamp,
    updated_at: stamp,
  });
  if (app) touch(ctx, "applications", app);
  candidateActivity(ctx, owner);
  return { status: 201, json: note };
}

/** `POST /v3/applied_candidate_tags`. */
export function addCandidateTag(ctx: WriteContext, raw: unknown): WriteResult {
  const body = object(raw);
  onlyKeys(body, ["candidate_id", "candidate_tag_id"]);
  const candidateId = id(body, "candidate_id", true) as number;
  const candidate = existing(ctx.store, "candidates", "candidate_id", candidateId);
  const tagId = id(body, "candidate_tag_id", true) as number;
  const tag = existing(ctx.store, "candidate_tags", "candidate_tag_id", tagId);
  const tags = candidate.tags as string[];
  if (tags.includes(tag.name as string)) throw invalid(`Candidate ${candidateId} already has tag ${tagId}`);
  const row = applyTag(ctx, candidateId, tagId);
  candidateActivity(ctx, candidateId, { tags: [...tags, tag.name] });
  return { status: 201, json: row };
}

/** `DELETE /v3/applied_candidate_tags/{id}`. */
export function removeCandidateTag(ctx: WriteContext, appliedId: number): WriteResult {
  const row = ctx.store.get("applied_candidate_tags", appliedId);
  if (!row) throw new HarvestError(404, `Applied candidate tag ${appliedId} not found`);
  ctx.store.remove("applied_candidate_tags", appliedId);
  const tag = ctx.store.get("candidate_tags", row.candidate_tag_id as number);
  const candidate = ctx.store.get("candidates", row.candidate_id as number);
  if (candidate) {
    candidateActivity(ctx, candidate.id, {
      tags: (candidate.tags as string[]).filter((t) => t !== tag?.name),
    });
  }
  return { status: 204 };
}

/** `POST /v3/attachments`. */
export function createAttachment(ctx: WriteContext, raw: unknown): WriteResult {
  const body = object(raw);
  onlyKeys(body, ["candidate_id", "application_id", "filename", "type", "content", "url", "content_type"]);
  const applicationId = id(body, "application_id", false);
  const app =
    applicationId === undefined
      ? undefined
      : existing(ctx.store, "applications", "application_id", applicationId);
  const candidateId = id(body, "candidate_id", app === undefined) ?? (app?.candidate_id as number);
  existing(ctx.store, "candidates", "candidate_id", candidateId);
  if (app && app.candidate_id !== candidateId) throw invalid("application_id belongs to another candidate");
  const filename = text(body, "filename", true) as string;
  const type = body.type;
  if (!ATTACHMENT_TYPES.includes(type as string))
    throw invalid(`type must be one of ${ATTACHMENT_TYPES.join(", ")}`);
  const content = text(body, "content", false);
  const url = text(body, "url", false);
  if ((content === undefined) === (url === undefined))
    throw invalid("Exactly one of content and url is required");
  if (content !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(content))
    throw invalid("content must be base64");
  if (url !== undefined && !/^https?:\/\//.test(url)) throw invalid("url must be an http(s) URL");
  const contentType = text(body, "content_type", false) ?? "application/octet-stream";
  if (type === "resume") {
    for (const old of [...ctx.store.descending("attachments")]) {
      if (old.candidate_id === candidateId && old.type === "resume") ctx.store.remove("attachments", old.id);
    }
  }
  const stamp = iso(ctx.now);
  const row = ctx.store.create("attachments", {
    candidate_id: candidateId,
    application_id: applicationId ?? null,
    type,
    filename,
    content_type: contentType,
    created_at: stamp,
    updated_at: stamp,
  });
  ctx.saveFile(
    row.id,
    content === undefined ? Buffer.from(`Fetched from ${url}`) : Buffer.from(content, "base64"),
    contentType,
  );
  candidateActivity(ctx, candidateId);
  return { status: 201, json: row };
}
