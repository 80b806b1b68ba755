import { z } from "zod";
import { BaseRecordSchema } from "./common.js";

/**
 * Stored record of the `application_stages` model: a stage an application can be in. Served both
 * by `GET /ats/application-stages` and, through the jobs they belong to, as `job.stages[]`: a job
 * embeds its own stages (`job_id` = the job, as in Greenhouse) and the stages shared by every job
 * (`job_id` null, as in iCIMS).
 */
export const ApplicationStageSchema = BaseRecordSchema.extend({
  /** The stage's name, e.g. "Initial Screening". */
  name: z.string().nullable(),
  /**
   * Position of the stage in the hiring process (ascending), as Kombo's `job.stages[].index`
   * and `current_stage.index`; null when the vendor has no order. Not part of Kombo's
   * `/ats/application-stages` result.
   */
  index: z.number().int().nullable(),
  /**
   * Unified id of the job whose hiring process the stage belongs to; null when the vendor's stages
   * are shared by every job. An application can only be moved to a stage of its job or a shared one.
   */
  job_id: z.string().nullable(),
});

/** A stored application stage record. */
export type ApplicationStage = z.infer<typeof ApplicationStageSchema>;
