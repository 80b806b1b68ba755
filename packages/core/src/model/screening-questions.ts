import { z } from "zod";
import { BaseRecordSchema } from "./common.js";

/** Special-purpose question categories (a screening question's `category`). */
export const SCREENING_QUESTION_CATEGORIES = ["EEO", "DEMOGRAPHIC"] as const;
/** Zod enum of `SCREENING_QUESTION_CATEGORIES`. */
export const ScreeningQuestionCategorySchema = z.enum(SCREENING_QUESTION_CATEGORIES);
/** One of `SCREENING_QUESTION_CATEGORIES`. */
export type ScreeningQuestionCategory = z.infer<typeof ScreeningQuestionCategorySchema>;

/** How a `TEXT` question's input is shown. */
export const TEXT_DISPLAY_TYPES = ["SINGLE_LINE", "MULTI_LINE", "EMAIL", "URL"] as const;
/** Zod enum of `TEXT_DISPLAY_TYPES`. */
export const TextDisplayTypeSchema = z.enum(TEXT_DISPLAY_TYPES);
/** One of `TEXT_DISPLAY_TYPES`. */
export type TextDisplayType = z.infer<typeof TextDisplayTypeSchema>;

/** How a `NUMBER` question's input is shown. */
export const NUMBER_DISPLAY_TYPES = ["SLIDER", "FIELD"] as const;
/** Zod enum of `NUMBER_DISPLAY_TYPES`. */
export const NumberDisplayTypeSchema = z.enum(NUMBER_DISPLAY_TYPES);
/** One of `NUMBER_DISPLAY_TYPES`. */
export type NumberDisplayType = z.infer<typeof NumberDisplayTypeSchema>;

/** How a `SINGLE_SELECT` question's options are shown. */
export const SINGLE_SELECT_DISPLAY_TYPES = ["DROPDOWN", "RADIO"] as const;
/** Zod enum of `SINGLE_SELECT_DISPLAY_TYPES`. */
export const SingleSelectDisplayTypeSchema = z.enum(SINGLE_SELECT_DISPLAY_TYPES);
/** One of `SINGLE_SELECT_DISPLAY_TYPES`. */
export type SingleSelectDisplayType = z.infer<typeof SingleSelectDisplayTypeSchema>;

/**
 * One option of a select question. `id` is atsync's id of the option (stable across syncs, derived
 * by the connector from the question and option keys); it is what an application's screening
 * answer references. `remote_id` is the vendor's option key.
 */
export const ScreeningQuestionOptionSchema = z.object({
  id: z.string(),
  remote_id: z.string().nullable(),
  name: z.string(),
});

/** An option of a select question. */
export type ScreeningQuestionOption = z.infer<typeof ScreeningQuestionOptionSchema>;

/**
 * A screening question's format, Kombo's union tagged on `type`: `TEXT`, `NUMBER`, `FILE`,
 * `SINGLE_SELECT`, `BOOLEAN`, `DATE`, `MULTI_SELECT`, `INFORMATION` (no answer expected) and
 * `UNKNOWN` (a vendor question type atsync does not map yet; `raw_question` holds the vendor's
 * question). Every variant's keys are present; a limit the vendor does not state is null.
 */
export const ScreeningQuestionFormatSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("TEXT"),
    display_type: TextDisplayTypeSchema.nullable(),
    max_length: z.number().int().nullable(),
  }),
  z.object({
    type: z.literal("NUMBER"),
    display_type: NumberDisplayTypeSchema.nullable(),
    max: z.number().nullable(),
    min: z.number().nullable(),
  }),
  z.object({
    type: z.literal("FILE"),
    accepted_mime_types: z.array(z.string()).nullable(),
    max_file_size_bytes: z.number().int().nullable(),
  }),
  z.object({
    type: z.literal("SINGLE_SELECT"),
    display_type: SingleSelectDisplayTypeSchema.nullable(),
    options: z.array(ScreeningQuestionOptionSchema),
  }),
  z.object({ type: z.literal("BOOLEAN") }),
  z.object({ type: z.literal("DATE") }),
  z.object({ type: z.literal("MULTI_SELECT"), options: z.array(ScreeningQuestionOptionSchema) }),
  z.object({ type: z.literal("INFORMATION") }),
  z.object({ type: z.literal("UNKNOWN"), raw_question: z.unknown() }),
]);

/** A screening question's format (see `ScreeningQuestionFormatSchema`). */
export type ScreeningQuestionFormat = z.infer<typeof ScreeningQuestionFormatSchema>;

/**
 * Stored record of the `screening_questions` model: a question of the vendor's question library.
 * Which jobs ask it, in what order and whether it is required is in `job_screening_questions`;
 * Kombo serves the two merged as `job.screening_questions[]`.
 */
export const ScreeningQuestionSchema = BaseRecordSchema.extend({
  title: z.string().nullable(),
  description: z.string().nullable(),
  /** Null when the vendor gives no format at all (a question the connector cannot classify is `UNKNOWN`). */
  format: ScreeningQuestionFormatSchema.nullable(),
  category: ScreeningQuestionCategorySchema.nullable(),
});

/** A stored screening question record. */
export type ScreeningQuestion = z.infer<typeof ScreeningQuestionSchema>;
