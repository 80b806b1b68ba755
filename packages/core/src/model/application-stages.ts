import { z } from "zod";
import { BaseRecordSchema } from "./common.js";

/**
 * Stored record of the `application_stages` model: a stage an application can be in. Served both
 * by `GET /ats/application-stages` and, through the jobs they belong to, as `job.stages[]`.
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
});

/** A stored application stage record. */
export type ApplicationStage = z.infer<typeof ApplicationStageSchema>;
