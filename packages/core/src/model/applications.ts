import { z } from "zod";
import { BaseRecordSchema, TimestampSchema } from "./common.js";

/**
 * Kombo's normalized hiring signal (an application's `outcome`): `HIRED` when the candidate was
 * hired, `DECLINED` when rejected or withdrawn, `PENDING` while in process.
 */
export const APPLICATION_OUTCOMES = ["PENDING", "HIRED", "DECLINED"] as const;
/** Zod enum of `APPLICATION_OUTCOMES`. */
export const ApplicationOutcomeSchema = z.enum(APPLICATION_OUTCOMES);
/** One of `APPLICATION_OUTCOMES`. */
export type ApplicationOutcome = z.infer<typeof ApplicationOutcomeSchema>;

/** One answer variant: the question as asked (vendor key, title, tagged `type`) and the answer. */
function answerVariant<const T extends string, A extends z.ZodRawShape>(type: T, answer: A) {
  return z.object({
    question: z.object({ remote_id: z.string().nullable(), title: z.string(), type: z.literal(type) }),
    answer: z.object(answer),
  });
}

/**
 * A candidate's answer to a screening question, Kombo's union tagged on `question.type`: `TEXT`
 * (`content`), `SINGLE_SELECT` (`choice`), `MULTI_SELECT` (`choices`), `BOOLEAN` (`checked`), `NUMBER`
 * (`number`), `DATE` (`date`), `UNKNOWN` (`raw`: the vendor's question and answer as-is). `FILE`
 * answers are not returned on read. The question is a snapshot as asked, not a reference.
 */
export const ScreeningQuestionAnswerSchema = z.union([
  answerVariant("TEXT", { content: z.string().nullable() }),
  answerVariant("SINGLE_SELECT", { choice: z.string().nullable() }),
  answerVariant("MULTI_SELECT", { choices: z.array(z.string()) }),
  answerVariant("BOOLEAN", { checked: z.boolean().nullable() }),
  answerVariant("NUMBER", { number: z.number().nullable() }),
  answerVariant("DATE", { date: TimestampSchema.nullable() }),
  answerVariant("UNKNOWN", { raw: z.unknown() }),
]);

/** A screening question answer on an application (see `ScreeningQuestionAnswerSchema`). */
export type ScreeningQuestionAnswer = z.infer<typeof ScreeningQuestionAnswerSchema>;

/**
 * Stored record of the `applications` model: the top-level fields of Kombo's
 * `GET /ats/applications` result. The nested `candidate`, `current_stage` and `job` are joined
 * through the ids below when an application is read; `interviews` and `offers` are not stored.
 */
export const ApplicationSchema = BaseRecordSchema.extend({
  outcome: ApplicationOutcomeSchema.nullable(),
  rejection_reason_name: z.string().nullable(),
  rejected_at: TimestampSchema.nullable(),
  /** Unified id of the application stage the application is in. */
  current_stage_id: z.string().nullable(),
  /** Unified id of the job applied to. */
  job_id: z.string().nullable(),
  /** Unified id of the applying candidate. */
  candidate_id: z.string().nullable(),
  screening_question_answers: z.array(ScreeningQuestionAnswerSchema).nullable(),
  /** URL of the application in the vendor's UI (some vendors only have a candidate URL). */
  remote_url: z.string().nullable(),
});

/** A stored application record. */
export type Application = z.infer<typeof ApplicationSchema>;
