import {
  CANDIDATE_TAGS,
  CITIES,
  CUSTOM_FIELDS,
  DEPARTMENTS,
  FIRST_NAMES,
  JOB_TITLES,
  LAST_NAMES,
  MAX_STAGES,
  OFFICES,
  optionId,
  REJECTION_REASONS,
  SOURCES,
  STAGE_TEMPLATES,
} from "./catalog.js";
import { hash, pick, unit } from "./hash.js";

/** A Harvest record as the API renders it (snake_case keys, `id` always present). */
export type Row = { id: number } & Record<string, unknown>;

/** Every resource the simulator serves, by its `/v3/{name}` path segment. */
export const RESOURCES = [
  "jobs",
  "job_interview_stages",
  "job_posts",
  "candidates",
  "applications",
  "rejection_details",
  "rejection_reasons",
  "users",
  "departments",
  "offices",
  "sources",
  "candidate_tags",
  "applied_candidate_tags",
  "interviews",
  "offers",
  "notes",
  "attachments",
  "custom_fields",
  "custom_field_options",
] as const;

/** A resource name (`/v3/{name}`). */
export type ResourceName = (typeof RESOURCES)[number];

/** Record counts of a generated tenant. */
export interface TenantSize {
  /** Jobs (each with its own stages and one or two job posts). */
  jobs: number;
  /** Candidates. */
  candidates: number;
  /** Applications; each is a distinct candidate × job pair, so at most candidates × jobs. */
  applications: number;
  /** Users, the first being the credential's service account. */
  users: number;
}

/**
 * A lazily generated resource: `slots` numbered positions whose ids strictly ascend with the slot;
 * a slot may be empty (e.g. stage slots past a job's template). Nothing is stored.
 */
export interface GeneratedResource {
  /** Number of slots. */
  readonly slots: number;
  /** Id of a slot. */
  idOf(slot: number): number;
  /** Slot of an id, or undefined when no slot has that id. */
  slotOf(id: number): number | undefined;
  /** An upper bound of the slots holding ids below `id` (−1 when none): where a descending scan starts. */
  topSlotBelow(id: number): number;
  /** Record of a slot, or undefined when the slot is empty. */
  generate(slot: number): Row | undefined;
}

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Ids `base + slot·stride + (hash mod stride)`: ascending, with small seeded gaps. */
function spacedIds(seed: number, name: string, base: number, stride: number, slots: number) {
  const idOf = (slot: number): number =>
    base + slot * stride + (stride > 1 ? hash(seed, name, slot) % stride : 0);
  const slotOf = (id: number): number | undefined => {
    const slot = Math.floor((id - base) / stride);
    return Number.isInteger(id) && slot >= 0 && slot < slots && idOf(slot) === id ? slot : undefined;
  };
  const topSlotBelow = (id: number): number => Math.min(slots - 1, Math.floor((id - base) / stride));
  return { idOf, slotOf, topSlotBelow };
}

/**
 * The generated tenant: every record is computed from `(seed, resource, slot)` on demand, so a
 * 1,000,000-candidate tenant costs nothing until it is read. Edits live in the `RecordStore` overlay.
 */
export class Tenant {
  /** Generated resources by name. */
  readonly resources: Record<ResourceName, GeneratedResource>;
  private readonly since: number;
  private readonly span: number;

  constructor(
    private readonly seed: number,
    readonly size: TenantSize,
    /** Simulator start (epoch ms); generated timestamps lie in the two years before it. */
    private readonly startMs: number,
  ) {
    for (const [name, value] of Object.entries(size)) {
      if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`${name} must be an integer ≥ 1`);
    }
    if (size.users < 3) throw new RangeError("users must be ≥ 3 (service account, admin, recruiter)");
    if (size.applications > size.candidates * size.jobs) {
      throw new RangeError(
        "applications must be ≤ candidates × jobs (one application per candidate and job)",
      );
    }
    this.since = startMs - 730 * DAY;
    this.span = 700 * DAY;
    const perApplication = (name: string, base: number, make: (app: Row, slot: number) => Row | undefined) =>
      this.resource(name, base, 3, size.applications, (slot) => {
        const app = this.application(slot);
        return make(app, slot);
      });
    this.resources = {
      jobs: this.resource("jobs", 4_000, 7, size.jobs, (slot) => this.job(slot)),
      job_interview_stages: this.resource("stages", 30_000, 1, size.jobs * MAX_STAGES, (slot) =>
        this.stage(slot),
      ),
      job_posts: this.resource("job_posts", 60_000, 1, size.jobs * 2, (slot) => this.jobPost(slot)),
      candidates: this.resource("candidates", 1_000_000, 3, size.candidates, (slot) => this.candidate(slot)),
      applications: this.resource("applications", 40_000_000, 3, size.applications, (slot) =>
        this.application(slot),
      ),
      rejection_details: perApplication("rejection_details", 90_000_000, (app, slot) =>
        this.rejectionDetail(app, slot),
      ),
      interviews: perApplication("interviews", 70_000_000, (app, slot) => this.interview(app, slot)),
      offers: perApplication("offers", 80_000_000, (app, slot) => this.offer(app, slot)),
      attachments: perApplication("attachments", 50_000_000, (app, slot) => this.attachment(app, slot)),
      notes: this.resource("notes", 20_000_000, 3, size.candidates * 2, (slot) => this.note(slot)),
      applied_candidate_tags: this.resource("applied_tags", 30_000_000, 3, size.candidates * 2, (slot) =>
        this.appliedTag(slot),
      ),
      users: this.resource("users", 500, 1, size.users, (slot) => this.user(slot)),
      departments: this.fixed("departments", 100, DEPARTMENTS.length, (i) => this.department(i)),
      offices: this.fixed("offices", 200, OFFICES.length, (i) => this.office(i)),
      sources: this.fixed("sources", 300, SOURCES.length, (i) => this.source(i)),
      rejection_reasons: this.fixed("rejection_reasons", 400, REJECTION_REASONS.length, (i) =>
        this.reason(i),
      ),
      candidate_tags: this.fixed("candidate_tags", 700, CANDIDATE_TAGS.length, (i) => this.tag(i)),
      custom_fields: this.fixed("custom_fields", 0, CUSTOM_FIELDS.length, (i) => this.customField(i)),
      custom_field_options: this.customFieldOptions(),
    };
  }

  /** Id of the service-account user writes are attributed to when a token has no `sub`. */
  get serviceAccountId(): number {
    return this.resources.users.idOf(0);
  }

  /** Id of stage `index` (by sort order) of the job in slot `jobSlot`. */
  stageId(jobSlot: number, index: number): number {
    return this.resources.job_interview_stages.idOf(jobSlot * MAX_STAGES + index);
  }

  /** Stage names of the job in slot `jobSlot`. */
  stagesOf(jobSlot: number): readonly string[] {
    return STAGE_TEMPLATES[jobSlot % STAGE_TEMPLATES.length] as readonly string[];
  }

  private resource(
    name: string,
    base: number,
    stride: number,
    slots: number,
    make: (slot: number) => Row | undefined,
  ) {
    const ids = spacedIds(this.seed, name, base, stride, slots);
    return { slots, ...ids, generate: make };
  }

  /** A small fixed list with ids `base + 1 …` (custom fields use their catalog ids). */
  private fixed(name: string, base: number, count: number, make: (index: number) => Row): GeneratedResource {
    if (name === "custom_fields") {
      const ids = CUSTOM_FIELDS.map((f) => f.id);
      return {
        slots: count,
        idOf: (s) => ids[s] as number,
        slotOf: (id) => indexOrUndefined(ids.indexOf(id)),
        topSlotBelow: () => count - 1,
        generate: make,
      };
    }
    return this.resource(name, base + 1, 1, count, make);
  }

  private h(salt: string, slot: number, k = 0): number {
    return hash(this.seed, salt, slot, k);
  }

  /** A time in the generated window, from a hash. */
  private timeAt(h: number): number {
    return Math.floor(this.since + unit(h) * this.span);
  }

  /** `created_at`/`updated_at` for a record created at `created`, updated up to 60 days later. */
  private stamps(created: number, h: number): { created_at: string; updated_at: string } {
    const updated = Math.min(this.startMs - 1, created + Math.floor(unit(h) * 60 * DAY));
    return { created_at: iso(created), updated_at: iso(updated) };
  }

  private job(slot: number): Row {
    const h = (k: number) => this.h("job", slot, k);
    const created = this.timeAt(h(0));
    const roll = h(1) % 10;
    const status = roll === 0 ? "draft" : roll <= 2 ? "closed" : "open";
    const employment = pick(CUSTOM_FIELDS[0]?.options ?? [], h(5));
    return {
      id: this.resources.jobs.idOf(slot),
      name: `${pick(JOB_TITLES, h(2))}${slot >= JOB_TITLES.length ? ` ${Math.floor(slot / JOB_TITLES.length) + 1}` : ""}`,
      requisition_id: `REQ-${1000 + slot}`,
      notes: null,
      confidential: h(3) % 20 === 0,
      status,
      opened_at: status === "draft" ? null : iso(created),
      closed_at: status === "closed" ? iso(Math.min(this.startMs - 1, created + 30 * DAY)) : null,
      is_template: false,
      copied_from_id: null,
      department_id: this.resources.departments.idOf(h(4) % DEPARTMENTS.length),
      office_ids: [this.resources.offices.idOf(h(6) % OFFICES.length)],
      custom_fields: {
        employment_type: employment,
        salary_band: h(7) % 3 === 0 ? null : `B${1 + (h(7) % 5)}`,
      },
      ...this.stamps(created, h(8)),
    };
  }

  private stage(slot: number): Row | undefined {
    const jobSlot = Math.floor(slot / MAX_STAGES);
    const index = slot % MAX_STAGES;
    const names = this.stagesOf(jobSlot);
    if (index >= names.length) return undefined;
    const job = this.job(jobSlot);
    return {
      id: this.resources.job_interview_stages.idOf(slot),
      job_id: job.id,
      name: names[index],
      sort_order: index,
      active: true,
      created_at: job.created_at,
      updated_at: job.created_at,
    };
  }

  private jobPost(slot: number): Row | undefined {
    const jobSlot = Math.floor(slot / 2);
    const internal = slot % 2 === 1;
    if (internal && this.h("job_post", slot) % 10 >= 3) return undefined;
    const job = this.job(jobSlot);
    const live = job.status === "open" && !internal;
    return {
      id: this.resources.job_posts.idOf(slot),
      job_id: job.id,
      title: job.name,
      location: pick(CITIES, this.h("job_post", slot, 1)),
      active: job.status !== "closed",
      live,
      internal,
      job_application_status: live ? "live" : "draft",
      content: `<p>Join us as ${String(job.name)}.</p>`,
      created_at: job.created_at,
      updated_at: job.updated_at,
    };
  }

  /** Tag indexes (into CANDIDATE_TAGS) of a generated candidate: 0–2 distinct tags. */
  private candidateTagIndexes(slot: number): number[] {
    const count = this.h("candidate_tags", slot) % 5 < 3 ? 0 : 1 + (this.h("candidate_tags", slot, 1) % 2);
    const first = this.h("candidate_tags", slot, 2) % CANDIDATE_TAGS.length;
    return count === 0
      ? []
      : count === 1
        ? [first]
        : [first, (first + 1 + (this.h("candidate_tags", slot, 3) % 8)) % CANDIDATE_TAGS.length];
  }

  private candidate(slot: number): Row {
    const h = (k: number) => this.h("candidate", slot, k);
    const first = pick(FIRST_NAMES, h(0));
    const last = pick(LAST_NAMES, h(1));
    const created = this.timeAt(h(2));
    const stamps = this.stamps(created, h(3));
    const lastActivity = Math.min(
      this.startMs - 1,
      Date.parse(stamps.updated_at) + Math.floor(unit(h(4)) * 5 * DAY),
    );
    const handle = `${first}.${last}.${slot}`.toLowerCase();
    return {
      id: this.resources.candidates.idOf(slot),
      first_name: first,
      last_name: last,
      preferred_name: h(5) % 10 === 0 ? first.slice(0, 3) : null,
      company: h(6) % 3 === 0 ? null : pick(["Acme", "Globex", "Initech", "Umbrella", "Hooli"], h(7)),
      title: h(6) % 3 === 0 ? null : pick(JOB_TITLES, h(8)),
      last_activity_at: iso(lastActivity),
      private: h(9) % 25 === 0,
      can_email: h(10) % 10 !== 0,
      time_zone: null,
      tags: this.candidateTagIndexes(slot).map((i) => CANDIDATE_TAGS[i]),
      linked_user_ids: [],
      email_addresses: [
        { value: `${handle}@example.com`, type: "personal" },
        ...(h(11) % 4 === 0 ? [{ value: `${handle}@work.example.com`, type: "work" }] : []),
      ],
      phone_numbers:
        h(12) % 10 < 7 ? [{ value: `+1-555-${String(1000 + (h(13) % 9000))}`, type: "mobile" }] : [],
      addresses: h(14) % 2 === 0 ? [{ value: pick(CITIES, h(15)), type: "home" }] : [],
      website_addresses:
        h(16) % 5 === 0 ? [{ value: `https://${handle}.example.dev`, type: "personal" }] : [],
      social_media_addresses: h(17) % 10 < 3 ? [{ value: `https://www.linkedin.com/in/${handle}` }] : [],
      custom_fields: {
        desired_salary: h(18) % 2 === 0 ? 50_000 + (h(19) % 100) * 1_000 : null,
        willing_to_relocate: h(20) % 3 === 0,
        available_from: h(21) % 4 === 0 ? iso(this.startMs + (h(22) % 90) * DAY).slice(0, 10) : null,
      },
      ...stamps,
    };
  }

  /** Slot of the job of application `slot`: candidate `slot mod C`'s k-th application, k = slot div C. */
  jobSlotOfApplication(slot: number): number {
    const candidateSlot = slot % this.size.candidates;
    const k = Math.floor(slot / this.size.candidates);
    return (this.h("candidate_jobs", candidateSlot) + k) % this.size.jobs;
  }

  private activeUserId(h: number): number {
    // Slots 1 … users-1, skipping deactivated ones (slot % 7 === 0).
    const candidates = this.size.users - 1;
    let slot = 1 + (h % candidates);
    if (slot % 7 === 0) slot = slot === this.size.users - 1 ? 1 : slot + 1;
    return this.resources.users.idOf(slot);
  }

  private application(slot: number): Row {
    const h = (k: number) => this.h("application", slot, k);
    const candidateSlot = slot % this.size.candidates;
    const candidate = this.candidate(candidateSlot);
    const jobSlot = this.jobSlotOfApplication(slot);
    const stages = this.stagesOf(jobSlot);
    const prospect = h(0) % 100 < 8;
    const roll = h(1) % 100;
    const status = roll < 60 || (prospect && roll >= 90) ? "in_process" : roll < 90 ? "rejected" : "hired";
    const stageIndex = status === "hired" ? stages.length - 1 : h(2) % stages.length;
    const created = Math.max(Date.parse(candidate.created_at as string), this.timeAt(h(3)));
    const stamps = this.stamps(Math.min(created, this.startMs - 2), h(4));
    const jobId = this.resources.jobs.idOf(jobSlot);
    return {
      id: this.resources.applications.idOf(slot),
      candidate_id: candidate.id,
      job_id: prospect ? null : jobId,
      job_post_id: prospect ? null : this.resources.job_posts.idOf(jobSlot * 2),
      job_interview_stage_id: prospect ? null : this.stageId(jobSlot, stageIndex),
      stage_name: prospect ? null : stages[stageIndex],
      status,
      prospect,
      prospective_job_ids: prospect ? [jobId] : [],
      rejected_at: status === "rejected" ? stamps.updated_at : null,
      rejection_reason_id:
        status === "rejected" ? this.resources.rejection_reasons.idOf(h(5) % REJECTION_REASONS.length) : null,
      source_id: this.resources.sources.idOf(h(6) % SOURCES.length),
      referrer_id: h(7) % 10 === 0 ? this.activeUserId(h(8)) : null,
      recruiter_id: this.activeUserId(h(9)),
      coordinator_id: h(10) % 2 === 0 ? this.activeUserId(h(11)) : null,
      last_activity_at: stamps.updated_at,
      location_address: null,
      answers: [],
      custom_fields: { referral_note: h(7) % 10 === 0 ? "Worked together before" : null },
      ...stamps,
    };
  }

  private rejectionDetail(app: Row, slot: number): Row | undefined {
    if (app.status !== "rejected") return undefined;
    return {
      id: this.resources.rejection_details.idOf(slot),
      application_id: app.id,
      rejection_reason_id: app.rejection_reason_id,
      notes: this.h("rejection_details", slot) % 2 === 0 ? "Discussed in debrief." : null,
      created_at: app.rejected_at,
      updated_at: app.rejected_at,
    };
  }

  private interview(app: Row, slot: number): Row | undefined {
    const h = (k: number) => this.h("interviews", slot, k);
    if (app.prospect || app.status === "rejected" || h(0) % 2 !== 0) return undefined;
    const starts = Date.parse(app.updated_at as string) + (h(1) % 14) * DAY;
    return {
      id: this.resources.interviews.idOf(slot),
      application_id: app.id,
      job_id: app.job_id,
      job_interview_id: (app.job_interview_stage_id as number) * 10,
      starts_at: iso(starts),
      ends_at: iso(starts + 3_600_000),
      location: h(2) % 2 === 0 ? "Video call" : pick(CITIES, h(3)),
      status: starts < this.startMs ? "complete" : "scheduled",
      organizer_id: app.recruiter_id,
      scheduled_at: app.updated_at,
      video_conferencing_url: h(2) % 2 === 0 ? `https://meet.example.com/${app.id}` : null,
      external_event_id: `evt-${app.id}`,
      created_at: app.updated_at,
      updated_at: app.updated_at,
    };
  }

  private offer(app: Row, slot: number): Row | undefined {
    const lastStage = app.stage_name === "Offer";
    if (app.prospect || !(app.status === "hired" || (app.status === "in_process" && lastStage)))
      return undefined;
    const accepted = app.status === "hired";
    return {
      id: this.resources.offers.idOf(slot),
      application_id: app.id,
      job_id: app.job_id,
      candidate_id: app.candidate_id,
      opening_id: null,
      version: 1,
      status: accepted ? "Accepted" : "Created",
      starts_on: iso(Date.parse(app.updated_at as string) + 30 * DAY).slice(0, 10),
      sent_on: accepted ? (app.updated_at as string).slice(0, 10) : null,
      resolved_at: accepted ? app.updated_at : null,
      custom_fields: {},
      created_at: app.updated_at,
      updated_at: app.updated_at,
    };
  }

  private attachment(app: Row, slot: number): Row | undefined {
    if (this.h("attachments", slot) % 10 >= 6) return undefined;
    const candidate = this.candidate(slot % this.size.candidates);
    return {
      id: this.resources.attachments.idOf(slot),
      candidate_id: app.candidate_id,
      application_id: app.id,
      type: "resume",
      filename: `${String(candidate.first_name)}_${String(candidate.last_name)}_resume.pdf`.toLowerCase(),
      content_type: "application/pdf",
      created_at: app.created_at,
      updated_at: app.created_at,
    };
  }

  private note(slot: number): Row | undefined {
    const h = (k: number) => this.h("notes", slot, k);
    if (h(0) % 3 !== 0) return undefined;
    const candidateSlot = Math.floor(slot / 2);
    const candidate = this.candidate(candidateSlot);
    const onApplication = candidateSlot < this.size.applications && h(1) % 2 === 0;
    return {
      id: this.resources.notes.idOf(slot),
      candidate_id: candidate.id,
      application_id: onApplication ? this.resources.applications.idOf(candidateSlot) : null,
      user_id: this.activeUserId(h(2)),
      body: pick(
        ["Strong communicator.", "Follow up next week.", "Asked about remote work.", "Great portfolio."],
        h(3),
      ),
      subject: null,
      type: "NOTE",
      visibility: pick(["public", "private", "admin_only"], h(4)),
      created_at: candidate.updated_at,
      updated_at: candidate.updated_at,
    };
  }

  private appliedTag(slot: number): Row | undefined {
    const candidateSlot = Math.floor(slot / 2);
    const tagIndex = this.candidateTagIndexes(candidateSlot)[slot % 2];
    if (tagIndex === undefined) return undefined;
    const candidate = this.candidate(candidateSlot);
    return {
      id: this.resources.applied_candidate_tags.idOf(slot),
      candidate_id: candidate.id,
      candidate_tag_id: this.resources.candidate_tags.idOf(tagIndex),
      created_at: candidate.updated_at,
      updated_at: candidate.updated_at,
    };
  }

  private user(slot: number): Row {
    const created = this.since + slot * DAY;
    const stamps = { created_at: iso(created), updated_at: iso(created) };
    if (slot === 0) {
      return {
        id: this.resources.users.idOf(0),
        first_name: "Harvest API",
        last_name: "Service Account",
        name: "Harvest API Service Account",
        primary_email: null,
        emails: [],
        job_title: null,
        deactivated: false,
        site_admin: true,
        employee_id: null,
        office_ids: [],
        department_ids: [],
        ...stamps,
      };
    }
    const first = pick(FIRST_NAMES, this.h("user", slot));
    const last = pick(LAST_NAMES, this.h("user", slot, 1));
    const email = `${first}.${last}.${slot}@company.example`.toLowerCase();
    return {
      id: this.resources.users.idOf(slot),
      first_name: first,
      last_name: last,
      name: `${first} ${last}`,
      primary_email: email,
      emails: [email],
      job_title:
        slot === 1
          ? "Head of Talent"
          : pick(["Recruiter", "Coordinator", "Hiring Manager", "Sourcer"], this.h("user", slot, 2)),
      deactivated: slot % 7 === 0,
      site_admin: slot === 1,
      employee_id: `E${1000 + slot}`,
      office_ids: [this.resources.offices.idOf(slot % OFFICES.length)],
      department_ids: [this.resources.departments.idOf(slot % DEPARTMENTS.length)],
      ...stamps,
    };
  }

  private get epoch(): { created_at: string; updated_at: string } {
    return { created_at: iso(this.since), updated_at: iso(this.since) };
  }

  private department(index: number): Row {
    const [name, parent] = DEPARTMENTS[index] as readonly [string, number | null];
    return {
      id: 101 + index,
      name,
      parent_id: parent === null ? null : 101 + parent,
      external_id: null,
      ...this.epoch,
    };
  }

  private office(index: number): Row {
    const [name, location] = OFFICES[index] as readonly [string, string];
    return {
      id: 201 + index,
      name,
      parent_id: null,
      external_id: null,
      location,
      primary_in_house_contact_user_id: null,
      ...this.epoch,
    };
  }

  private source(index: number): Row {
    const [name, type] = SOURCES[index] as readonly [string, string];
    return { id: 301 + index, name, type: { id: 1 + (index % 5), name: type }, ...this.epoch };
  }

  private reason(index: number): Row {
    const [name, key, typeName] = REJECTION_REASONS[index] as readonly [string, string, string];
    return {
      id: 401 + index,
      name,
      type: {
        id: 1 + ["we_rejected_them", "they_rejected_us", "none_specified"].indexOf(key),
        key,
        name: typeName,
      },
      ...this.epoch,
    };
  }

  private tag(index: number): Row {
    return { id: 701 + index, name: CANDIDATE_TAGS[index], ...this.epoch };
  }

  private customField(index: number): Row {
    const field = CUSTOM_FIELDS[index];
    if (!field) throw new RangeError(`no custom field ${index}`);
    return {
      id: field.id,
      name: field.name,
      name_key: field.nameKey,
      field_type: field.fieldType,
      value_type: field.valueType,
      private: false,
      required: false,
      active: true,
      ...this.epoch,
    };
  }

  private customFieldOptions(): GeneratedResource {
    const options = CUSTOM_FIELDS.flatMap((f) =>
      f.options.map((name, i) => ({ id: optionId(f.id, i), fieldId: f.id, name, sortOrder: i })),
    );
    const ids = options.map((o) => o.id);
    return {
      slots: options.length,
      idOf: (slot) => ids[slot] as number,
      slotOf: (id) => indexOrUndefined(ids.indexOf(id)),
      topSlotBelow: () => options.length - 1,
      generate: (slot) => {
        const o = options[slot];
        return (
          o && { id: o.id, custom_field_id: o.fieldId, name: o.name, sort_order: o.sortOrder, ...this.epoch }
        );
      },
    };
  }
}

const indexOrUndefined = (index: number): number | undefined => (index < 0 ? undefined : index);
