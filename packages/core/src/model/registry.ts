import type { z } from "zod";
import { ApplicationStageSchema } from "./application-stages.js";
import { ApplicationSchema } from "./applications.js";
import { CandidateSchema } from "./candidates.js";
import type { ModelKey } from "./common.js";
import { JobHiringTeamMemberSchema } from "./job-hiring-team-members.js";
import { JobPostingSchema } from "./job-postings.js";
import { JobScreeningQuestionSchema } from "./job-screening-questions.js";
import { JobSchema } from "./jobs.js";
import { ScreeningQuestionSchema } from "./screening-questions.js";
import { UserSchema } from "./users.js";

/**
 * A reference from one model to another. Stored records hold the referenced record's unified id
 * in `field`; connectors emit the vendor key in `remoteField` and the engine derives the id.
 */
export interface ModelReference {
  /** Field of the stored record holding the unified id, e.g. `job_id`. */
  field: string;
  /** Field a connector sets to the referenced vendor key, e.g. `job_remote_id`. */
  remoteField: string;
  /** Model referenced. */
  model: ModelKey;
}

/** What atsync knows about one stored model. */
export interface ModelDefinition {
  /** The model key. */
  key: ModelKey;
  /** Zod schema of the stored (flat) record. */
  schema: z.ZodObject;
  /** References to other models, by unified id. */
  references: readonly ModelReference[];
}

const ref = (field: string, model: ModelKey): ModelReference => ({
  field,
  remoteField: `${field.slice(0, -"_id".length)}_remote_id`,
  model,
});

/** Every stored model with its schema and references. */
export const MODELS: { readonly [K in ModelKey]: ModelDefinition } = {
  users: { key: "users", schema: UserSchema, references: [] },
  application_stages: {
    key: "application_stages",
    schema: ApplicationStageSchema,
    references: [ref("job_id", "jobs")],
  },
  jobs: { key: "jobs", schema: JobSchema, references: [ref("contact_id", "users")] },
  job_postings: { key: "job_postings", schema: JobPostingSchema, references: [ref("job_id", "jobs")] },
  screening_questions: { key: "screening_questions", schema: ScreeningQuestionSchema, references: [] },
  job_screening_questions: {
    key: "job_screening_questions",
    schema: JobScreeningQuestionSchema,
    references: [
      ref("job_id", "jobs"),
      ref("question_id", "screening_questions"),
      ref("precondition_question_id", "screening_questions"),
    ],
  },
  job_hiring_team_members: {
    key: "job_hiring_team_members",
    schema: JobHiringTeamMemberSchema,
    references: [ref("job_id", "jobs"), ref("user_id", "users")],
  },
  candidates: { key: "candidates", schema: CandidateSchema, references: [] },
  applications: {
    key: "applications",
    schema: ApplicationSchema,
    references: [
      ref("candidate_id", "candidates"),
      ref("job_id", "jobs"),
      ref("current_stage_id", "application_stages"),
    ],
  },
};

/** What happened to a record, as far as nested-change propagation cares. */
export type TreeChange = "inserted" | "updated" | "deleted";

/**
 * One line of Kombo's `updated_after` matrix: when a record of `changed` is inserted, updated or
 * deleted (as listed in `on`), records of `bumps` get `tree_changed_at` moved to the commit time.
 * Which records: with `via.from === "changed"`, the record whose id is in the changed record's
 * `via.field` (a child pointing at its parent; on an update that moves the pointer, both the old
 * and the new parent); with `via.from === "bumped"`, every record whose `via.field` holds the
 * changed record's id (a parent pointed at by its children).
 */
export interface TreeRule {
  /** Model whose change propagates. */
  changed: ModelKey;
  /** Model whose `tree_changed_at` moves. */
  bumps: ModelKey;
  /** Which changes propagate. */
  on: readonly TreeChange[];
  /** How the two records are linked. */
  via: { from: "changed" | "bumped"; field: string };
}

const ALL: readonly TreeChange[] = ["inserted", "updated", "deleted"];
const MEMBERSHIP: readonly TreeChange[] = ["inserted", "deleted"];

/**
 * Kombo's `updated_after` matrix for the stored models (docs/architecture.md, "Data flow": `tree_changed_at`): jobs match
 * on job postings added/removed/edited and on screening questions and hiring team added/removed;
 * candidates match on applications added/removed/edited; applications match on their candidate
 * and current stage being edited.
 */
export const TREE_RULES: readonly TreeRule[] = [
  { changed: "job_postings", bumps: "jobs", on: ALL, via: { from: "changed", field: "job_id" } },
  {
    changed: "job_screening_questions",
    bumps: "jobs",
    on: MEMBERSHIP,
    via: { from: "changed", field: "job_id" },
  },
  {
    changed: "job_hiring_team_members",
    bumps: "jobs",
    on: MEMBERSHIP,
    via: { from: "changed", field: "job_id" },
  },
  { changed: "applications", bumps: "candidates", on: ALL, via: { from: "changed", field: "candidate_id" } },
  {
    changed: "candidates",
    bumps: "applications",
    on: ["updated"],
    via: { from: "bumped", field: "candidate_id" },
  },
  {
    changed: "application_stages",
    bumps: "applications",
    on: ["updated"],
    via: { from: "bumped", field: "current_stage_id" },
  },
];
