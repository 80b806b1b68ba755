import { z } from "zod";
import { unifiedId } from "../ids.js";
import type { ApplicationStage } from "../model/application-stages.js";
import { APPLICATION_OUTCOMES, type Application } from "../model/applications.js";
import type { Candidate } from "../model/candidates.js";
import type { ModelKey } from "../model/common.js";
import type { JobHiringTeamMember } from "../model/job-hiring-team-members.js";
import type { JobPosting } from "../model/job-postings.js";
import type { JobScreeningQuestion } from "../model/job-screening-questions.js";
import { EMPLOYMENT_TYPES, JOB_STATUSES, JOB_VISIBILITIES, type Job } from "../model/jobs.js";
import type { ScreeningQuestion } from "../model/screening-questions.js";
import type { User } from "../model/users.js";
import { byIndexThen, type Shape } from "./compose.js";
import {
  containing,
  createdOnOrAfter,
  equalIgnoringCase,
  equalTo,
  type FilterParam,
  filterParam,
  stringIn,
  valueIn,
} from "./filters.js";
import {
  COMMON_QUERY_PARAMS,
  type CommonQuery,
  enumListParam,
  listParam,
  parseQuery,
  textParam,
} from "./params.js";

/*
 * The five Kombo list endpoints atsync serves from storage: for each, the stored model, the filter
 * parameters and the result shape. Field lists follow the SDK's `GetAts*PositiveResponseResult`
 * types exactly (read-service.test.ts parses every result with the SDK's own schemas and fails on any
 * member the SDK would drop).
 */

/** The Kombo list endpoints served from storage, by path segment (`/ats/<resource>`). */
export const READ_RESOURCES = ["jobs", "candidates", "applications", "application-stages", "users"] as const;

/** One of `READ_RESOURCES`. */
export type ReadResource = (typeof READ_RESOURCES)[number];

/** True when `value` names one of `READ_RESOURCES`. */
export function isReadResource(value: unknown): value is ReadResource {
  return typeof value === "string" && (READ_RESOURCES as readonly string[]).includes(value);
}

const STAGE_SUMMARY_FIELDS = [
  "id",
  "remote_id",
  "name",
  "index",
] as const satisfies readonly (keyof ApplicationStage)[];
const JOB_SUMMARY_FIELDS = ["id", "remote_id", "name"] as const satisfies readonly (keyof Job)[];
const JOB_FIELDS = [
  "id",
  "remote_id",
  "name",
  "job_code",
  "description",
  "confidential",
  "weekly_hours",
  "employment_type",
  "status",
  "visibility",
  "category",
  "department",
  "post_url",
  "experience_level",
  "remote_work_status",
  "salary_amount",
  "salary_amount_from",
  "salary_amount_to",
  "salary_currency",
  "salary_period",
  "location",
  "custom_fields",
  "remote_url",
  "opened_at",
  "closed_at",
  "remote_created_at",
  "remote_updated_at",
  "contact_id",
  "changed_at",
  "remote_deleted_at",
] as const satisfies readonly (keyof Job)[];
const JOB_POSTING_FIELDS = [
  "id",
  "remote_id",
  "title",
  "description_html",
  "status",
  "visibility",
  "url",
] as const satisfies readonly (keyof JobPosting)[];
const SCREENING_QUESTION_FIELDS = [
  "id",
  "remote_id",
  "title",
  "description",
  "format",
  "category",
] as const satisfies readonly (keyof ScreeningQuestion)[];
const JOB_SCREENING_QUESTION_FIELDS = [
  "index",
  "required",
  "precondition_question_id",
  "precondition_options",
] as const satisfies readonly (keyof JobScreeningQuestion)[];
const HIRING_TEAM_USER_FIELDS = [
  "id",
  "remote_id",
  "first_name",
  "last_name",
  "email",
] as const satisfies readonly (keyof User)[];
const HIRING_TEAM_ROLE_FIELDS = [
  "hiring_team_roles",
  "job_roles",
] as const satisfies readonly (keyof JobHiringTeamMember)[];
const APPLICATION_FIELDS = [
  "id",
  "remote_id",
  "outcome",
  "rejection_reason_name",
  "rejected_at",
  "current_stage_id",
  "job_id",
  "candidate_id",
  "screening_question_answers",
  "custom_fields",
  "remote_url",
  "changed_at",
  "remote_deleted_at",
  "remote_created_at",
  "remote_updated_at",
] as const satisfies readonly (keyof Application)[];
const APPLICATION_CANDIDATE_FIELDS = [
  "id",
  "remote_id",
  "first_name",
  "last_name",
  "email_addresses",
  "phone_numbers",
  "social_media",
  "source",
  "remote_url",
] as const satisfies readonly (keyof Candidate)[];
const CANDIDATE_FIELDS = [
  "id",
  "remote_id",
  "first_name",
  "last_name",
  "company",
  "title",
  "confidential",
  "source",
  "phone_numbers",
  "email_addresses",
  "social_media",
  "location",
  "custom_fields",
  "remote_url",
  "remote_created_at",
  "remote_updated_at",
  "changed_at",
  "remote_deleted_at",
] as const satisfies readonly (keyof Candidate)[];
const CANDIDATE_APPLICATION_FIELDS = [
  "id",
  "remote_id",
  "outcome",
  "rejection_reason_name",
  "rejected_at",
  "remote_url",
  "changed_at",
  "remote_created_at",
  "remote_updated_at",
] as const satisfies readonly (keyof Application)[];
const APPLICATION_STAGE_FIELDS = [
  "id",
  "remote_id",
  "name",
  "changed_at",
  "remote_deleted_at",
] as const satisfies readonly (keyof ApplicationStage)[];
const USER_FIELDS = [
  "id",
  "remote_id",
  "first_name",
  "last_name",
  "email",
  "status",
  "changed_at",
  "remote_deleted_at",
  "system_roles",
] as const satisfies readonly (keyof User)[];

/** An application stage as nested in jobs (`stages[]`) and applications (`current_stage`). */
export type StageSummary = Pick<ApplicationStage, (typeof STAGE_SUMMARY_FIELDS)[number]>;

/** A job as nested in applications (`job`). */
export type JobSummary = Pick<Job, (typeof JOB_SUMMARY_FIELDS)[number]>;

/** An entry of `job.job_postings[]`. */
export type JobPostingResult = Pick<JobPosting, (typeof JOB_POSTING_FIELDS)[number]>;

/** An entry of `job.screening_questions[]`: the library question plus how this job asks it. */
export type JobScreeningQuestionResult = Pick<ScreeningQuestion, (typeof SCREENING_QUESTION_FIELDS)[number]> &
  Pick<JobScreeningQuestion, (typeof JOB_SCREENING_QUESTION_FIELDS)[number]>;

/** An entry of `job.hiring_team[]`: the user plus their roles on this job. */
export type HiringTeamMemberResult = Pick<User, (typeof HIRING_TEAM_USER_FIELDS)[number]> &
  Pick<JobHiringTeamMember, (typeof HIRING_TEAM_ROLE_FIELDS)[number]>;

/** A result of `GET /ats/jobs`. `stages` are all the integration's stages (iCIMS has one workflow). */
export type JobResult = Pick<Job, (typeof JOB_FIELDS)[number]> & {
  stages: StageSummary[];
  screening_questions: JobScreeningQuestionResult[];
  job_postings: JobPostingResult[];
  hiring_team: HiringTeamMemberResult[];
};

/** A candidate as nested in applications (`candidate`); atsync stores no tags. */
export type ApplicationCandidate = Pick<Candidate, (typeof APPLICATION_CANDIDATE_FIELDS)[number]> & {
  tags: [];
};

/** A result of `GET /ats/applications`; atsync stores no interviews or offers. */
export type ApplicationResult = Pick<Application, (typeof APPLICATION_FIELDS)[number]> & {
  candidate: ApplicationCandidate | null;
  current_stage: StageSummary | null;
  job: JobSummary | null;
  interviews: [];
  offers: [];
};

/** An entry of `candidate.applications[]`. */
export type CandidateApplication = Pick<Application, (typeof CANDIDATE_APPLICATION_FIELDS)[number]> & {
  current_stage: StageSummary | null;
  job: JobSummary | null;
};

/** A result of `GET /ats/candidates`; atsync stores no tags. */
export type CandidateResult = Pick<Candidate, (typeof CANDIDATE_FIELDS)[number]> & {
  applications: CandidateApplication[];
  tags: [];
};

/** A result of `GET /ats/application-stages`. */
export type ApplicationStageResult = Pick<ApplicationStage, (typeof APPLICATION_STAGE_FIELDS)[number]>;

/** A result of `GET /ats/users`. */
export type UserResult = Pick<User, (typeof USER_FIELDS)[number]>;

/** The result type of each resource. */
export interface ReadResults {
  jobs: JobResult;
  candidates: CandidateResult;
  applications: ApplicationResult;
  "application-stages": ApplicationStageResult;
  users: UserResult;
}

/** The result type of `resource`. */
export type ReadResult<R extends ReadResource> = ReadResults[R];

const STAGE_SUMMARY: Shape = { fields: STAGE_SUMMARY_FIELDS };
const JOB_SUMMARY: Shape = { fields: JOB_SUMMARY_FIELDS };

const JOB_SHAPE: Shape = {
  fields: JOB_FIELDS,
  embeds: {
    stages: {
      kind: "own_or_shared",
      model: "application_stages",
      foreignKey: "job_id",
      shape: STAGE_SUMMARY,
      order: byIndexThen("name"),
    },
    screening_questions: {
      kind: "through",
      model: "job_screening_questions",
      foreignKey: "job_id",
      joinFields: JOB_SCREENING_QUESTION_FIELDS,
      target: {
        model: "screening_questions",
        field: "question_id",
        shape: { fields: SCREENING_QUESTION_FIELDS },
      },
      order: byIndexThen("title"),
    },
    job_postings: {
      kind: "children",
      model: "job_postings",
      foreignKey: "job_id",
      shape: { fields: JOB_POSTING_FIELDS },
    },
    hiring_team: {
      kind: "through",
      model: "job_hiring_team_members",
      foreignKey: "job_id",
      joinFields: HIRING_TEAM_ROLE_FIELDS,
      target: { model: "users", field: "user_id", shape: { fields: HIRING_TEAM_USER_FIELDS } },
    },
  },
};

/** The current stage and job an application embeds (in applications and in a candidate's applications). */
const APPLICATION_STAGE_AND_JOB: Shape["embeds"] = {
  current_stage: {
    kind: "reference",
    model: "application_stages",
    field: "current_stage_id",
    shape: STAGE_SUMMARY,
  },
  job: { kind: "reference", model: "jobs", field: "job_id", shape: JOB_SUMMARY },
};

const APPLICATION_SHAPE: Shape = {
  fields: APPLICATION_FIELDS,
  embeds: {
    candidate: {
      kind: "reference",
      model: "candidates",
      field: "candidate_id",
      shape: { fields: APPLICATION_CANDIDATE_FIELDS, embeds: { tags: { kind: "none" } } },
    },
    ...APPLICATION_STAGE_AND_JOB,
    interviews: { kind: "none" },
    offers: { kind: "none" },
  },
};

const CANDIDATE_SHAPE: Shape = {
  fields: CANDIDATE_FIELDS,
  embeds: {
    applications: {
      kind: "children",
      model: "applications",
      foreignKey: "candidate_id",
      shape: {
        fields: CANDIDATE_APPLICATION_FIELDS,
        embeds: APPLICATION_STAGE_AND_JOB,
      },
    },
    tags: { kind: "none" },
  },
};

const JOB_FILTERS = {
  job_codes: stringIn("jobs", "job_code"),
  post_url: equalTo("jobs", "post_url"),
  statuses: valueIn("jobs", "status", enumListParam(JOB_STATUSES)),
  employment_types: valueIn("jobs", "employment_type", enumListParam(EMPLOYMENT_TYPES)),
  visibilities: valueIn("jobs", "visibility", enumListParam(JOB_VISIBILITIES)),
  remote_created_after: createdOnOrAfter("jobs"),
  name_contains: containing("jobs", "name"),
};

const APPLICATION_FILTERS = {
  outcomes: valueIn("applications", "outcome", enumListParam(APPLICATION_OUTCOMES)),
  job_ids: stringIn("applications", "job_id"),
  /** Remote ids become unified ids (`unifiedId` is deterministic), so this is a plain `in` on `job_id`. */
  job_remote_ids: filterParam(
    listParam(z.string()),
    { model: "applications", field: "job_id" },
    (remoteIds, integrationId) => ({
      filter: {
        op: "in",
        field: "job_id",
        values: remoteIds.map((r) => unifiedId(integrationId, "jobs", r)),
      },
    }),
  ),
  current_stage_ids: stringIn("applications", "current_stage_id"),
  remote_created_after: createdOnOrAfter("applications"),
};

const CANDIDATE_FILTERS = {
  email: filterParam(textParam(), { model: "candidates", field: "email_addresses" }, (email) => ({
    filter: { op: "array_has_ci", field: "email_addresses", key: "email_address", values: [email] },
  })),
  /** Candidates with a non-deleted application to any of the jobs. */
  job_ids: filterParam(listParam(z.string()), { model: "applications", field: "job_id" }, (jobIds) => ({
    filter: {
      op: "has_related",
      model: "applications",
      foreignKey: "candidate_id",
      field: "job_id",
      values: jobIds,
    },
  })),
  first_name: equalIgnoringCase("candidates", "first_name"),
  last_name: equalIgnoringCase("candidates", "last_name"),
};

const USER_FILTERS = {
  /**
   * Case-insensitive. One address is a storage `equals_ci`; `RecordFilter` has no
   * case-insensitive `in`, so several are checked on each listed user.
   */
  emails: filterParam(listParam(z.string()), { model: "users", field: "email" }, (emails) => {
    const [only] = emails;
    if (emails.length === 1 && only !== undefined)
      return { filter: { op: "equals_ci", field: "email", value: only } };
    const wanted = new Set(emails.map((e) => e.toLowerCase()));
    return { check: (user) => typeof user.email === "string" && wanted.has(user.email.toLowerCase()) };
  }),
};

function querySchema<Filters extends Record<string, FilterParam>>(filters: Filters) {
  const schemas = Object.fromEntries(Object.entries(filters).map(([name, param]) => [name, param.schema]));
  return z.object({ ...COMMON_QUERY_PARAMS, ...(schemas as { [K in keyof Filters]: Filters[K]["schema"] }) });
}

/**
 * Zod schemas of each resource's query parameters (the common ones plus its filters), see
 * `params.ts` for the accepted forms. Unknown parameters are stripped.
 */
export const READ_QUERY_SCHEMAS = {
  jobs: querySchema(JOB_FILTERS),
  candidates: querySchema(CANDIDATE_FILTERS),
  applications: querySchema(APPLICATION_FILTERS),
  "application-stages": querySchema({}),
  users: querySchema(USER_FILTERS),
} as const satisfies Record<ReadResource, z.ZodType<CommonQuery>>;

/** What a caller may pass as `resource`'s query: HTTP strings or typed values, all optional. */
export type ReadQueryInput<R extends ReadResource> = z.input<(typeof READ_QUERY_SCHEMAS)[R]>;

/** `resource`'s parsed query. */
export type ReadQuery<R extends ReadResource> = z.output<(typeof READ_QUERY_SCHEMAS)[R]>;

/**
 * Parses `resource`'s query parameters. Throws `PLATFORM.INPUT_INVALID` listing every invalid
 * parameter by name; unknown parameters are ignored.
 */
export function parseReadQuery<R extends ReadResource>(resource: R, raw: unknown): ReadQuery<R> {
  return parseQuery(READ_QUERY_SCHEMAS[resource], raw) as ReadQuery<R>;
}

/** How one resource is read: its stored model, filter parameters and result shape. */
export interface ReadResourceDefinition {
  /** The stored model listed. */
  model: ModelKey;
  /** Filter parameters by name (the common parameters are handled by the service). */
  filters: Readonly<Record<string, FilterParam>>;
  /** The result shape. */
  shape: Shape;
}

/** The definition of every resource. */
export const READ_RESOURCE_DEFINITIONS: { readonly [R in ReadResource]: ReadResourceDefinition } = {
  jobs: { model: "jobs", filters: JOB_FILTERS, shape: JOB_SHAPE },
  candidates: { model: "candidates", filters: CANDIDATE_FILTERS, shape: CANDIDATE_SHAPE },
  applications: { model: "applications", filters: APPLICATION_FILTERS, shape: APPLICATION_SHAPE },
  "application-stages": {
    model: "application_stages",
    filters: {},
    shape: { fields: APPLICATION_STAGE_FIELDS },
  },
  users: { model: "users", filters: USER_FILTERS, shape: { fields: USER_FIELDS } },
};
