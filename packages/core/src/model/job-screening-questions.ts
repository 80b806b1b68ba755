import { z } from "zod";
import { BaseRecordSchema } from "./common.js";

/**
 * Stored record of the `job_screening_questions` model: a job asks a library question. Read as one
 * entry of `job.screening_questions[]`: the question's fields (its `id`, `remote_id`, `title`, ...)
 * plus this record's `index`, `required`, `precondition_question_id` and `precondition_options`.
 * `remote_id` is the connector's key for the pair (e.g. job and question vendor keys joined).
 */
export const JobScreeningQuestionSchema = BaseRecordSchema.extend({
  /** Unified id of the job. */
  job_id: z.string(),
  /** Unified id of the screening question. */
  question_id: z.string(),
  /** Position of the question in the job's form (ascending); null when the vendor has no order. */
  index: z.number().int().nullable(),
  required: z.boolean().nullable(),
  /**
   * Unified id of another screening question of the same job: this one is asked only when that
   * question's answer is one of `precondition_options`. Null when unconditional.
   */
  precondition_question_id: z.string().nullable(),
  /**
   * Answers of the precondition question that enable this one: option ids for select questions,
   * booleans for `BOOLEAN` questions.
   */
  precondition_options: z.union([z.array(z.string()), z.array(z.boolean())]).nullable(),
});

/** A stored job–screening-question join record. */
export type JobScreeningQuestion = z.infer<typeof JobScreeningQuestionSchema>;
