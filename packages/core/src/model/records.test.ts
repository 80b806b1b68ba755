import {
  GetAtsApplicationStagesPositiveResponseResult$inboundSchema,
  GetAtsApplicationsPositiveResponseResult$inboundSchema,
  GetAtsCandidatesCandidateIdAttachmentsPositiveResponseResult$inboundSchema,
  GetAtsCandidatesPositiveResponseResult$inboundSchema,
  GetAtsJobsPositiveResponseResult$inboundSchema,
  GetAtsUsersPositiveResponseResult$inboundSchema,
} from "@kombo-api/sdk/models";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  type Application,
  ApplicationSchema,
  type ApplicationStage,
  ApplicationStageSchema,
  type Attachment,
  AttachmentSchema,
  type BaseRecord,
  type Candidate,
  CandidateSchema,
  type Job,
  type JobHiringTeamMember,
  JobHiringTeamMemberSchema,
  type JobPosting,
  JobPostingSchema,
  JobSchema,
  type JobScreeningQuestion,
  JobScreeningQuestionSchema,
  MODEL_KEYS,
  type ModelKey,
  type ScreeningQuestion,
  ScreeningQuestionSchema,
  type User,
  UserSchema,
} from "./index.js";

const base = (model: string): BaseRecord => ({
  id: `${model}Id0000000000000000`.slice(0, 24),
  remote_id: `${model}-1`,
  changed_at: "2025-03-01T10:00:00.000Z",
  remote_deleted_at: null,
  remote_created_at: "2025-01-01T08:00:00+01:00",
  remote_updated_at: "2025-02-01T08:00:00Z",
  remote_data: { raw: { id: `${model}-1` } },
  custom_fields: { cost_center: "CC-1" },
});

const location = {
  city: "Berlin",
  country: "DE",
  raw: "Unter den Linden 1, 10117 Berlin",
  state: "Berlin",
  street_1: "Unter den Linden 1",
  street_2: null,
  zip_code: "10117",
};

const user: User = {
  ...base("users"),
  first_name: "Rita",
  last_name: "Recruiter",
  email: "rita@example.com",
  status: "ACTIVE",
  system_roles: [{ remote_id: "r1", remote_label: "Recruiter", scope: "SYSTEM", unified_type: "RECRUITER" }],
};

const stage: ApplicationStage = {
  ...base("application_stages"),
  name: "Initial Screening",
  index: 1,
  job_id: null,
};

const job: Job = {
  ...base("jobs"),
  name: "Backend Engineer",
  job_code: "REQ-1",
  description: "<p>Build things</p>",
  confidential: false,
  weekly_hours: 40,
  employment_type: "FULL_TIME",
  status: "OPEN",
  visibility: "PUBLIC",
  category: "Engineering",
  department: "Platform",
  post_url: "https://careers.example.com/jobs/1",
  experience_level: "Senior",
  remote_work_status: "HYBRID",
  salary_amount: null,
  salary_amount_from: 60000,
  salary_amount_to: 80000.5,
  salary_currency: "EUR",
  salary_period: "YEAR",
  location,
  remote_url: "https://ats.example.com/jobs/1",
  opened_at: "2025-01-02T00:00:00Z",
  closed_at: null,
  contact_id: user.id,
  integration_fields: [
    { id: "if1", key: "req_type", type: "CUSTOM", value: { code: 3 }, label: "Requisition type" },
  ],
};

const posting: JobPosting = {
  ...base("job_postings"),
  job_id: job.id,
  title: "Backend Engineer (m/f/d)",
  description_html: "<p>Join us</p>",
  status: "ACTIVE",
  visibility: "PUBLIC",
  url: "https://careers.example.com/p/1",
};

const question: ScreeningQuestion = {
  ...base("screening_questions"),
  title: "Work permit?",
  description: "Do you hold a permit?",
  format: {
    type: "SINGLE_SELECT",
    display_type: "RADIO",
    options: [
      { id: "opt-yes", remote_id: "y", name: "Yes" },
      { id: "opt-no", remote_id: null, name: "No" },
    ],
  },
  category: null,
};

const jobQuestion: JobScreeningQuestion = {
  ...base("job_screening_questions"),
  job_id: job.id,
  question_id: question.id,
  index: 0,
  required: true,
  precondition_question_id: null,
  precondition_options: ["opt-yes"],
};

const member: JobHiringTeamMember = {
  ...base("job_hiring_team_members"),
  job_id: job.id,
  user_id: user.id,
  hiring_team_roles: ["RECRUITER"],
  job_roles: [{ remote_id: null, remote_label: "Lead recruiter", scope: "JOB", unified_type: "RECRUITER" }],
};

const candidate: Candidate = {
  ...base("candidates"),
  first_name: "Ada",
  last_name: "Lovelace",
  company: "Analytical Engines Ltd",
  title: "Engineer",
  confidential: false,
  source: "Example Job Board",
  phone_numbers: [{ phone_number: "+49 30 1234", type: "mobile" }],
  email_addresses: [{ email_address: "ada@example.com", type: null }],
  social_media: [{ link: "https://linkedin.com/in/ada", type: "linkedin", username: "ada" }],
  location,
  remote_url: "https://ats.example.com/candidates/1",
};

const application: Application = {
  ...base("applications"),
  outcome: "PENDING",
  rejection_reason_name: null,
  rejected_at: null,
  current_stage_id: stage.id,
  job_id: job.id,
  candidate_id: candidate.id,
  screening_question_answers: [
    { question: { remote_id: "q1", title: "Cover note", type: "TEXT" }, answer: { content: "Hello" } },
    { question: { remote_id: "q2", title: "Permit", type: "SINGLE_SELECT" }, answer: { choice: "Yes" } },
    {
      question: { remote_id: "q3", title: "Languages", type: "MULTI_SELECT" },
      answer: { choices: ["de", "en"] },
    },
    { question: { remote_id: "q4", title: "Relocate?", type: "BOOLEAN" }, answer: { checked: false } },
    { question: { remote_id: "q5", title: "Years", type: "NUMBER" }, answer: { number: 7.5 } },
    { question: { remote_id: "q6", title: "Start", type: "DATE" }, answer: { date: "2025-05-01T00:00:00Z" } },
    { question: { remote_id: null, title: "Video", type: "UNKNOWN" }, answer: { raw: { url: "x" } } },
  ],
  remote_url: null,
};

const attachment: Attachment = {
  id: "att1",
  application_id: null,
  candidate_id: candidate.id,
  type: "CV",
  remote_id: "doc-1",
  data_url: "https://files.example.com/cv.pdf",
  file_name: "cv.pdf",
  content_type: "application/pdf",
  remote_created_at: null,
  remote_updated_at: "2025-02-01T08:00:00Z",
};

/** A fully populated sample of every stored model. */
const SAMPLES: { [K in ModelKey]: [schema: z.ZodObject, sample: Record<string, unknown>] } = {
  users: [UserSchema, user],
  application_stages: [ApplicationStageSchema, stage],
  jobs: [JobSchema, job],
  job_postings: [JobPostingSchema, posting],
  screening_questions: [ScreeningQuestionSchema, question],
  job_screening_questions: [JobScreeningQuestionSchema, jobQuestion],
  job_hiring_team_members: [JobHiringTeamMemberSchema, member],
  candidates: [CandidateSchema, candidate],
  applications: [ApplicationSchema, application],
};

/** Keys whose value is `unknown` (vendor payloads): leaving them out is valid. */
const UNKNOWN_VALUED = new Set(["value", "raw", "raw_question"]);
/** Keys holding free-form objects: required themselves, their members are not. */
const FREE_FORM = new Set([...UNKNOWN_VALUED, "remote_data", "custom_fields"]);

type Path = (string | number)[];

/** Path of every schema-defined object member in `value`, depth first. */
function memberPaths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => memberPaths(item, [...prefix, i]));
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, member]) => [
    [...prefix, key],
    ...(FREE_FORM.has(key) ? [] : memberPaths(member, [...prefix, key])),
  ]);
}

/** `value` with the member at `path` deleted (deep copy). */
function without(value: unknown, path: Path): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  delete parent[path.at(-1) as string | number];
  return copy;
}

/** Every issue path, including those inside union alternatives. */
function issuePaths(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const nested = issue.code === "invalid_union" ? issue.errors.flatMap((alt) => issuePaths(alt, path)) : [];
    return [path.join("."), ...nested];
  });
}

describe("stored record schemas", () => {
  it("cover every model key", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...MODEL_KEYS].sort());
  });

  for (const [model, [schema, sample]] of Object.entries(SAMPLES)) {
    it(`${model}: a fully populated sample parses unchanged`, () => {
      expect(schema.parse(sample)).toEqual(sample);
    });

    it(`${model}: leaving out any member fails, naming that member`, () => {
      const paths = memberPaths(sample).filter((path) => !UNKNOWN_VALUED.has(String(path.at(-1))));
      expect(paths.length).toBeGreaterThan(Object.keys(schema.shape).length - 1);
      for (const path of paths) {
        const result = schema.safeParse(without(sample, path));
        expect(result.success, `accepted ${model} without ${path.join(".")}`).toBe(false);
        const named = issuePaths(result.error?.issues ?? []);
        const parent = path.slice(0, -1).join(".");
        // A missing union tag fails on the union itself; any other member is named.
        const expected = path.at(-1) === "type" && named.includes(parent) ? parent : path.join(".");
        expect(named, `issues for ${model} without ${path.join(".")}`).toContain(expected);
      }
    });
  }

  it("timestamps need an offset", () => {
    expect(UserSchema.safeParse({ ...user, changed_at: "2025-03-01T10:00:00" }).success).toBe(false);
    expect(ApplicationSchema.safeParse({ ...application, rejected_at: "2025-03-01" }).success).toBe(false);
  });

  it("references to other records are unified ids: nullable on applications, required on joins", () => {
    expect(
      ApplicationSchema.parse({ ...application, job_id: null, candidate_id: null, current_stage_id: null })
        .job_id,
    ).toBeNull();
    expect(JobScreeningQuestionSchema.safeParse({ ...jobQuestion, question_id: null }).success).toBe(false);
    expect(JobHiringTeamMemberSchema.safeParse({ ...member, user_id: null }).success).toBe(false);
    expect(JobPostingSchema.safeParse({ ...posting, job_id: null }).success).toBe(false);
  });

  it("the screening question format is tagged on `type` and rejects members of another variant's shape", () => {
    expect(
      ScreeningQuestionSchema.safeParse({ ...question, format: { type: "NUMBER", options: [] } }).success,
    ).toBe(false);
    expect(
      ScreeningQuestionSchema.parse({
        ...question,
        format: { type: "UNKNOWN", raw_question: { kind: "video" } },
      }).format,
    ).toEqual({ type: "UNKNOWN", raw_question: { kind: "video" } });
  });

  it("an answer must match its question's type", () => {
    const wrong = {
      question: { remote_id: null, title: "Years", type: "NUMBER" },
      answer: { content: "seven" },
    };
    expect(ApplicationSchema.safeParse({ ...application, screening_question_answers: [wrong] }).success).toBe(
      false,
    );
  });
});

/** The fields of a stored record Kombo returns for nested objects: `{id, remote_id, name}`-style subsets. */
const pick = <T extends object, K extends keyof T>(record: T, ...keys: K[]): Pick<T, K> =>
  Object.fromEntries(keys.map((key) => [key, record[key]])) as Pick<T, K>;

/** Kombo's read results built from the stored samples the way the read side joins them. */
const KOMBO_RESULTS = {
  users: [GetAtsUsersPositiveResponseResult$inboundSchema, user],
  application_stages: [GetAtsApplicationStagesPositiveResponseResult$inboundSchema, stage],
  jobs: [
    GetAtsJobsPositiveResponseResult$inboundSchema,
    {
      ...job,
      stages: [pick(stage, "id", "remote_id", "name", "index")],
      screening_questions: [
        {
          ...pick(question, "id", "remote_id", "title", "description", "format", "category"),
          ...pick(jobQuestion, "index", "required", "precondition_question_id", "precondition_options"),
        },
      ],
      job_postings: [
        pick(posting, "id", "remote_id", "title", "description_html", "status", "visibility", "url"),
      ],
      hiring_team: [
        {
          ...pick(user, "id", "remote_id", "first_name", "last_name", "email"),
          ...pick(member, "hiring_team_roles", "job_roles"),
        },
      ],
    },
  ],
  jobs_without_nested: [
    GetAtsJobsPositiveResponseResult$inboundSchema,
    { ...job, stages: [], screening_questions: [], job_postings: [], hiring_team: [] },
  ],
  candidates: [
    GetAtsCandidatesPositiveResponseResult$inboundSchema,
    {
      ...candidate,
      applications: [
        {
          ...pick(
            application,
            "id",
            "remote_id",
            "outcome",
            "rejection_reason_name",
            "rejected_at",
            "remote_url",
          ),
          ...pick(application, "changed_at", "remote_created_at", "remote_updated_at"),
          current_stage: pick(stage, "id", "name", "remote_id", "index"),
          job: pick(job, "id", "name", "remote_id"),
        },
      ],
      tags: [],
    },
  ],
  applications: [
    GetAtsApplicationsPositiveResponseResult$inboundSchema,
    {
      ...application,
      candidate: {
        ...pick(candidate, "id", "remote_id", "first_name", "last_name", "email_addresses", "phone_numbers"),
        ...pick(candidate, "social_media", "source", "remote_url"),
        tags: [],
      },
      current_stage: pick(stage, "id", "remote_id", "name", "index"),
      job: pick(job, "id", "remote_id", "name"),
      interviews: [],
      offers: [],
    },
  ],
  applications_without_nested: [
    GetAtsApplicationsPositiveResponseResult$inboundSchema,
    { ...application, candidate: null, current_stage: null, job: null, interviews: [], offers: [] },
  ],
  attachments: [GetAtsCandidatesCandidateIdAttachmentsPositiveResponseResult$inboundSchema, attachment],
} as const;

describe("Kombo's read shape built from stored records passes @kombo-api/sdk's own parser", () => {
  for (const [name, [sdkSchema, result]] of Object.entries(KOMBO_RESULTS)) {
    it(name, () => {
      const parsed = sdkSchema.safeParse(result);
      expect(parsed.error?.issues ?? []).toEqual([]);
    });
  }

  it("the attachment sample is a valid AttachmentSchema", () => {
    expect(AttachmentSchema.parse(attachment)).toEqual(attachment);
  });

  it("the SDK parser does reject a malformed result (the check above has teeth)", () => {
    const [sdkSchema, result] = KOMBO_RESULTS.jobs;
    expect(sdkSchema.safeParse({ ...result, changed_at: "yesterday" }).success).toBe(false);
    const badPosting = { ...result.job_postings[0], status: "LIVE" };
    expect(sdkSchema.safeParse({ ...result, job_postings: [badPosting] }).success).toBe(false);
  });
});
