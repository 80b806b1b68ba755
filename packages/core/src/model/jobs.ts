import { z } from "zod";
import { BaseRecordSchema, TimestampSchema } from "./common.js";
import { LocationSchema } from "./parts.js";

/** Kinds of employment contract (a job's `employment_type`). */
export const EMPLOYMENT_TYPES = ["FULL_TIME", "PART_TIME", "CONTRACT", "SEASONAL", "INTERNSHIP"] as const;
/** Zod enum of `EMPLOYMENT_TYPES`. */
export const EmploymentTypeSchema = z.enum(EMPLOYMENT_TYPES);
/** One of `EMPLOYMENT_TYPES`. */
export type EmploymentType = z.infer<typeof EmploymentTypeSchema>;

/** A job's lifecycle status (a job's `status`). */
export const JOB_STATUSES = ["OPEN", "CLOSED", "DRAFT", "ARCHIVED"] as const;
/** Zod enum of `JOB_STATUSES`. */
export const JobStatusSchema = z.enum(JOB_STATUSES);
/** One of `JOB_STATUSES`. */
export type JobStatus = z.infer<typeof JobStatusSchema>;

/**
 * Who can see and apply to a job (a job's `visibility`): `PUBLIC` on job boards, `INTERNAL` to
 * employees only, `UNLISTED` to anyone with the link, `CONFIDENTIAL` to invited ATS users only.
 */
export const JOB_VISIBILITIES = ["PUBLIC", "INTERNAL", "UNLISTED", "CONFIDENTIAL"] as const;
/** Zod enum of `JOB_VISIBILITIES`. */
export const JobVisibilitySchema = z.enum(JOB_VISIBILITIES);
/** One of `JOB_VISIBILITIES`. */
export type JobVisibility = z.infer<typeof JobVisibilitySchema>;

/** Whether and how far a job allows remote work (a job's `remote_work_status`). */
export const REMOTE_WORK_STATUSES = ["REMOTE", "HYBRID", "TEMPORARY", "ON_SITE"] as const;
/** Zod enum of `REMOTE_WORK_STATUSES`. */
export const RemoteWorkStatusSchema = z.enum(REMOTE_WORK_STATUSES);
/** One of `REMOTE_WORK_STATUSES`. */
export type RemoteWorkStatus = z.infer<typeof RemoteWorkStatusSchema>;

/** Period a salary amount is paid over, not the pay frequency (a job's `salary_period`). */
export const SALARY_PERIODS = ["YEAR", "MONTH", "TWO_WEEKS", "WEEK", "DAY", "HOUR"] as const;
/** Zod enum of `SALARY_PERIODS`. */
export const SalaryPeriodSchema = z.enum(SALARY_PERIODS);
/** One of `SALARY_PERIODS`. */
export type SalaryPeriod = z.infer<typeof SalaryPeriodSchema>;

/**
 * Kind of an integration field: a vendor's built-in field (`DEFAULT`) or one its customer defined
 * (`CUSTOM`); the same `key` can exist once of each kind.
 */
export const INTEGRATION_FIELD_TYPES = ["DEFAULT", "CUSTOM"] as const;
/** Zod enum of `INTEGRATION_FIELD_TYPES`. */
export const IntegrationFieldTypeSchema = z.enum(INTEGRATION_FIELD_TYPES);
/** One of `INTEGRATION_FIELD_TYPES`. */
export type IntegrationFieldType = z.infer<typeof IntegrationFieldTypeSchema>;

/**
 * A raw vendor field passed through on a record, in the shape of Kombo's `integration_fields[]`
 * entries: `id` identifies the field (stable across syncs), `key`/`type`/`label` describe it as Kombo's
 * `GET /integrations/{id}/integration-fields` does, `value` is the vendor's value as-is.
 */
export const IntegrationFieldSchema = z.object({
  id: z.string(),
  key: z.string(),
  type: IntegrationFieldTypeSchema,
  value: z.unknown(),
  label: z.string().nullable(),
});

/** An integration field value (see `IntegrationFieldSchema`). */
export type IntegrationField = z.infer<typeof IntegrationFieldSchema>;

/**
 * Stored record of the `jobs` model: the top-level fields of Kombo's `GET /ats/jobs` result. The
 * nested `stages`, `screening_questions`, `job_postings` and `hiring_team` are separate stored
 * models (`application_stages`, `job_screening_questions` + `screening_questions`, `job_postings`,
 * `job_hiring_team_members` + `users`) joined when a job is read.
 */
export const JobSchema = BaseRecordSchema.extend({
  /** Title of the job. */
  name: z.string().nullable(),
  /** Human-readable job / requisition code. */
  job_code: z.string().nullable(),
  /** Description, usually HTML. */
  description: z.string().nullable(),
  /** Deprecated by Kombo in favour of `visibility`; kept for compatibility. */
  confidential: z.boolean().nullable(),
  weekly_hours: z.number().nullable(),
  employment_type: EmploymentTypeSchema.nullable(),
  status: JobStatusSchema.nullable(),
  visibility: JobVisibilitySchema.nullable(),
  /** Vendor's category string as-is (often the industry). */
  category: z.string().nullable(),
  /** Vendor's department/team string as-is. */
  department: z.string().nullable(),
  /** The ATS's own public posting URL. */
  post_url: z.string().nullable(),
  /** Vendor's seniority string as-is. */
  experience_level: z.string().nullable(),
  /** Where the vendor has no flag, inferred from location text ("remote" / "hybrid"). */
  remote_work_status: RemoteWorkStatusSchema.nullable(),
  salary_amount: z.number().nullable(),
  salary_amount_from: z.number().nullable(),
  salary_amount_to: z.number().nullable(),
  /** Usually an ISO 4217 code. */
  salary_currency: z.string().nullable(),
  salary_period: SalaryPeriodSchema.nullable(),
  location: LocationSchema.nullable(),
  /** URL of the job in the vendor's UI. */
  remote_url: z.string().nullable(),
  opened_at: TimestampSchema.nullable(),
  /** When the job closed or is scheduled to close (may be in the future). */
  closed_at: TimestampSchema.nullable(),
  /** Deprecated by Kombo in favour of the hiring team: unified id of the job's contact user. */
  contact_id: z.string().nullable(),
  /**
   * Raw vendor fields passed through, possibly empty. atsync extension: `@kombo-api/sdk` 1.1.3
   * does not declare this on jobs (its parser drops it), Kombo documents the shape for models with
   * passthrough-enabled integration fields.
   */
  integration_fields: z.array(IntegrationFieldSchema),
});

/** A stored job record. */
export type Job = z.infer<typeof JobSchema>;
