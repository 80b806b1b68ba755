import { toRecordInput } from "../connector/remote-record.js";
import type { RemoteRecord } from "../connector/session.js";
import type { ModelKey } from "../model/common.js";
import type { RecordInput } from "../storage/records.js";

/** Model-specific fields of a minimal valid record, references given as vendor keys. */
const DEFAULTS: { [K in ModelKey]: (remoteId: string) => Record<string, unknown> } = {
  users: (r) => ({
    first_name: "User",
    last_name: r,
    email: `user${r}@example.com`,
    status: "ACTIVE",
    system_roles: [],
  }),
  application_stages: (r) => ({ name: `Stage ${r}`, index: 0, job_remote_id: null }),
  jobs: (r) => ({
    name: `Job ${r}`,
    job_code: null,
    description: null,
    confidential: null,
    weekly_hours: null,
    employment_type: null,
    status: "OPEN",
    visibility: null,
    category: null,
    department: null,
    post_url: null,
    experience_level: null,
    remote_work_status: null,
    salary_amount: null,
    salary_amount_from: null,
    salary_amount_to: null,
    salary_currency: null,
    salary_period: null,
    location: null,
    remote_url: null,
    opened_at: null,
    closed_at: null,
    contact_remote_id: null,
    integration_fields: [],
  }),
  job_postings: () => ({
    job_remote_id: "job-1",
    title: null,
    description_html: null,
    status: "ACTIVE",
    visibility: null,
    url: null,
  }),
  screening_questions: () => ({
    title: "Do you have a driving licence?",
    description: null,
    format: null,
    category: null,
  }),
  job_screening_questions: () => ({
    job_remote_id: "job-1",
    question_remote_id: "question-1",
    index: 0,
    required: false,
    precondition_question_remote_id: null,
    precondition_options: null,
  }),
  job_hiring_team_members: () => ({
    job_remote_id: "job-1",
    user_remote_id: "user-1",
    hiring_team_roles: ["RECRUITER"],
    job_roles: [],
  }),
  candidates: (r) => ({
    first_name: "Candidate",
    last_name: r,
    company: null,
    title: null,
    confidential: false,
    source: null,
    phone_numbers: [],
    email_addresses: [{ email_address: `candidate${r}@example.com`, type: "PERSONAL" }],
    social_media: [],
    location: null,
    remote_url: null,
  }),
  applications: () => ({
    outcome: "PENDING",
    rejection_reason_name: null,
    rejected_at: null,
    current_stage_remote_id: null,
    job_remote_id: null,
    candidate_remote_id: null,
    screening_question_answers: [],
    remote_url: null,
  }),
};

/**
 * A minimal valid record of `model` as a connector emits it (references as vendor keys), with
 * `overrides` applied on top.
 */
export function sampleRemoteRecord(
  model: ModelKey,
  remoteId: string,
  overrides: Record<string, unknown> = {},
): RemoteRecord {
  return {
    remote_id: remoteId,
    remote_created_at: null,
    remote_updated_at: null,
    remote_data: { id: remoteId },
    custom_fields: {},
    ...DEFAULTS[model](remoteId),
    ...overrides,
  };
}

/**
 * A minimal valid record of `model` as storage receives it (`RecordInput`: unified ids derived
 * for the integration), with `overrides` applied on top of the stored form.
 */
export function sampleRecord(
  integrationId: string,
  model: ModelKey,
  remoteId: string,
  overrides: Record<string, unknown> = {},
): RecordInput {
  return { ...toRecordInput(integrationId, model, sampleRemoteRecord(model, remoteId)), ...overrides };
}
