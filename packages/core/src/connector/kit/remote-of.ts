import type { ApplicationStage } from "../../model/application-stages.js";
import type { Application } from "../../model/applications.js";
import type { Candidate } from "../../model/candidates.js";
import type { ModelKey } from "../../model/common.js";
import type { JobHiringTeamMember } from "../../model/job-hiring-team-members.js";
import type { JobPosting } from "../../model/job-postings.js";
import type { JobScreeningQuestion } from "../../model/job-screening-questions.js";
import type { Job } from "../../model/jobs.js";
import type { ScreeningQuestion } from "../../model/screening-questions.js";
import type { User } from "../../model/users.js";

/** The stored record type of every model (`MODELS[model].schema` as a type). */
export interface StoredRecordOf {
  /** A stored user. */
  users: User;
  /** A stored application stage. */
  application_stages: ApplicationStage;
  /** A stored job. */
  jobs: Job;
  /** A stored job posting. */
  job_postings: JobPosting;
  /** A stored screening question. */
  screening_questions: ScreeningQuestion;
  /** A stored job–screening-question join. */
  job_screening_questions: JobScreeningQuestion;
  /** A stored job–hiring-team-member join. */
  job_hiring_team_members: JobHiringTeamMember;
  /** A stored candidate. */
  candidates: Candidate;
  /** A stored application. */
  applications: Application;
}

/**
 * The unified-id reference fields of every model (`MODELS[model].references[].field` as a type);
 * `never` for a model without references. A kit test holds it equal to `MODELS`.
 */
export interface ReferenceFieldOf {
  /** Users reference nothing. */
  users: never;
  /** A stage's job (null for stages shared by every job). */
  application_stages: "job_id";
  /** A job's contact user. */
  jobs: "contact_id";
  /** A posting's job. */
  job_postings: "job_id";
  /** Screening questions reference nothing. */
  screening_questions: never;
  /** The job, the question and the question a precondition depends on. */
  job_screening_questions: "job_id" | "question_id" | "precondition_question_id";
  /** The job and the user. */
  job_hiring_team_members: "job_id" | "user_id";
  /** Candidates reference nothing. */
  candidates: never;
  /** The candidate, the job and the current stage. */
  applications: "candidate_id" | "job_id" | "current_stage_id";
}

/** `T` without the fields atsync owns and with each reference `<x>_id` renamed `<x>_remote_id`. */
type WithRemoteReferences<T, Ref extends keyof T> = Omit<
  T,
  "id" | "changed_at" | "remote_deleted_at" | Ref
> & {
  [K in Ref as K extends `${infer Base}_id` ? `${Base}_remote_id` : never]: T[K];
};

/**
 * What a connector emits for model `M` (core's `remoteRecordSchema(M)` as a type): the stored
 * record without `id`, `changed_at` and `remote_deleted_at`, with every reference given as the
 * vendor key in `<x>_remote_id` (nullable exactly where the unified `<x>_id` is). Type a mapper's
 * result with it and the compiler checks that every field is present and nothing extra is.
 */
export type RemoteOf<M extends ModelKey> = WithRemoteReferences<
  StoredRecordOf[M],
  ReferenceFieldOf[M] & keyof StoredRecordOf[M]
>;
