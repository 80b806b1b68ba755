import { z } from "zod";
import { BaseRecordSchema } from "./common.js";

/** Whether a job posting is live (a posting's `status`). */
export const JOB_POSTING_STATUSES = ["ACTIVE", "INACTIVE", "DRAFT"] as const;
/** Zod enum of `JOB_POSTING_STATUSES`. */
export const JobPostingStatusSchema = z.enum(JOB_POSTING_STATUSES);
/** One of `JOB_POSTING_STATUSES`. */
export type JobPostingStatus = z.infer<typeof JobPostingStatusSchema>;

/** Who can see a job posting (a posting's `visibility`); a job's visibility adds `CONFIDENTIAL`. */
export const JOB_POSTING_VISIBILITIES = ["PUBLIC", "INTERNAL", "UNLISTED"] as const;
/** Zod enum of `JOB_POSTING_VISIBILITIES`. */
export const JobPostingVisibilitySchema = z.enum(JOB_POSTING_VISIBILITIES);
/** One of `JOB_POSTING_VISIBILITIES`. */
export type JobPostingVisibility = z.infer<typeof JobPostingVisibilitySchema>;

/**
 * Stored record of the `job_postings` model: one advertisement of a job, served as an entry of
 * `job.job_postings[]` (Kombo has no posting endpoint of its own).
 */
export const JobPostingSchema = BaseRecordSchema.extend({
  /**
   * Unified id of the job this posting advertises. Not in Kombo's nested shape (the posting sits
   * inside its job); non-null because a posting is only ever served through its job.
   */
  job_id: z.string(),
  title: z.string().nullable(),
  description_html: z.string().nullable(),
  status: JobPostingStatusSchema.nullable(),
  visibility: JobPostingVisibilitySchema.nullable(),
  /** Public URL of the posting. */
  url: z.string().nullable(),
});

/** A stored job posting record. */
export type JobPosting = z.infer<typeof JobPostingSchema>;
