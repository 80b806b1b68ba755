import type {
  Application,
  ApplicationStage,
  Candidate,
  Job,
  JobHiringTeamMember,
  JobPosting,
  JobScreeningQuestion,
  ModelKey,
  ScreeningQuestion,
  User,
} from "@atsync/core/connector";

interface StoredRecords {
  users: User;
  application_stages: ApplicationStage;
  jobs: Job;
  job_postings: JobPosting;
  screening_questions: ScreeningQuestion;
  job_screening_questions: JobScreeningQuestion;
  job_hiring_team_members: JobHiringTeamMember;
  candidates: Candidate;
  applications: Application;
}

interface References {
  users: never;
  application_stages: "job_id";
  jobs: "contact_id";
  job_postings: "job_id";
  screening_questions: never;
  job_screening_questions: "job_id" | "question_id" | "precondition_question_id";
  job_hiring_team_members: "job_id" | "user_id";
  candidates: never;
  applications: "candidate_id" | "job_id" | "current_stage_id";
}

type WithRemoteRefs<T, Ref extends keyof T> = Omit<T, "id" | "changed_at" | "remote_deleted_at" | Ref> & {
  [K in Ref as K extends `${infer Base}_id` ? `${Base}_remote_id` : never]: T[K];
};

/**
 * What the connector emits for model `M` (core's `remoteRecordSchema(M)` as a type): the stored
 * record without `id`, `changed_at`, `remote_deleted_at`, with references as `<x>_remote_id`
 * vendor keys.
 */
export type RemoteOf<M extends ModelKey> = WithRemoteRefs<
  StoredRecords[M],
  References[M] & keyof StoredRecords[M]
>;
