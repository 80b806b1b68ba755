import { z } from "zod";
import { TimestampSchema } from "./common.js";

/** Kind of a file in the ATS (an attachment's `type`, on read and write). */
export const ATTACHMENT_TYPES = ["CV", "COVER_LETTER", "OTHER"] as const;
/** Zod enum of `ATTACHMENT_TYPES`. */
export const AttachmentTypeSchema = z.enum(ATTACHMENT_TYPES);
/** One of `ATTACHMENT_TYPES`. */
export type AttachmentType = z.infer<typeof AttachmentTypeSchema>;

/** A candidate's gender on create (`candidate.gender`). */
export const GENDERS = ["MALE", "FEMALE", "OTHER"] as const;
/** Zod enum of `GENDERS`. */
export const GenderSchema = z.enum(GENDERS);
/** One of `GENDERS`. */
export type Gender = z.infer<typeof GenderSchema>;

/** Period of a candidate's salary expectations on create (`candidate.salary_expectations.period`). */
export const SALARY_EXPECTATION_PERIODS = ["MONTH", "YEAR"] as const;
/** Zod enum of `SALARY_EXPECTATION_PERIODS`. */
export const SalaryExpectationPeriodSchema = z.enum(SALARY_EXPECTATION_PERIODS);
/** One of `SALARY_EXPECTATION_PERIODS`. */
export type SalaryExpectationPeriod = z.infer<typeof SalaryExpectationPeriodSchema>;

/** Kind of an additional email address or phone number on create. */
export const CONTACT_TYPES = ["PERSONAL", "WORK", "OTHER"] as const;
/** Zod enum of `CONTACT_TYPES`. */
export const ContactTypeSchema = z.enum(CONTACT_TYPES);
/** One of `CONTACT_TYPES`. */
export type ContactType = z.infer<typeof ContactTypeSchema>;

/** HTTP methods a passthrough request may use. */
export const PASSTHROUGH_METHODS = ["GET", "POST", "DELETE", "PUT", "PATCH"] as const;
/** Zod enum of `PASSTHROUGH_METHODS`. */
export const PassthroughMethodSchema = z.enum(PASSTHROUGH_METHODS);
/** One of `PASSTHROUGH_METHODS`. */
export type PassthroughMethod = z.infer<typeof PassthroughMethodSchema>;

/** A string that must not be empty (required ids, names and labels). */
const nonEmpty = (what: string) => z.string().min(1, { error: `${what} must not be empty` });

/**
 * An absolute http(s) URL (`javascript:`, `data:`, `vbscript:`, `file:` and every other scheme
 * refused): every URL member of an action input, so none reaches the vendor, where it may be shown
 * as a link.
 */
const httpUrl = (what: string) =>
  z.url({ protocol: /^https?$/, error: `${what} must be an http(s) URL` }).max(2048, {
    error: `${what} must be at most 2048 characters`,
  });

/**
 * Per-tool escape hatch of every write: `{ <tool slug>: { <vendor field>: value } }`, passed to the
 * connector of that tool and ignored by others. Kombo types the known tools' members; atsync keeps
 * them opaque.
 */
export const RemoteFieldsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

/** Members of a file upload; the content rules are added by `withFileContentRules`. */
const fileUploadShape = {
  /** File name shown in the ATS, with an extension (e.g. `Resume.pdf`). */
  name: nonEmpty("name"),
  /** MIME type; required with `data`, optional with `data_url` (the download's header is used). */
  content_type: z.string().optional(),
  /** An http(s) URL the file can be downloaded from without authentication (may be short-lived). */
  data_url: httpUrl("data_url").optional(),
  /** The file's contents, base64-encoded. */
  data: z.base64({ error: "data must be base64-encoded file contents" }).optional(),
};

/**
 * Adds Kombo's content rules to a file-upload object: at least one of `data_url` and `data`, and
 * `content_type` whenever `data` is given. The rules also run when other members are invalid, so a
 * bad body reports every issue at once.
 */
function withFileContentRules<
  T extends z.ZodType<{ content_type?: string; data_url?: string; data?: string }>,
>(schema: T): T {
  return schema.superRefine(
    (file, ctx) => {
      if (file.data_url === undefined && file.data === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["data_url"],
          message: "provide the file as `data_url` (a URL to download it from) or `data` (base64 contents)",
        });
      }
      if (file.data !== undefined && file.content_type === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["content_type"],
          message: "content_type is required when the file is given as `data`",
        });
      }
    },
    { when: (payload) => typeof payload.value === "object" && payload.value !== null },
  );
}

/** A file sent inline in a write body: a screening answer to a `FILE` question, a multipart value. */
export const FileUploadSchema = withFileContentRules(z.object(fileUploadShape));

/** A file upload (see `FileUploadSchema`). */
export type FileUpload = z.infer<typeof FileUploadSchema>;

/** An attachment to upload: a file plus its kind. The first `CV` of a create body is the resume. */
export const AttachmentInputSchema = withFileContentRules(
  z.object({ ...fileUploadShape, type: AttachmentTypeSchema }),
);

/** An attachment to upload (see `AttachmentInputSchema`). */
export type AttachmentInput = z.infer<typeof AttachmentInputSchema>;

/**
 * An answer to one of the job's screening questions on create. `question_id` is the unified id of
 * the question; `answer` by question type: `TEXT` a string, `SINGLE_SELECT` the option id,
 * `MULTI_SELECT` option ids, `BOOLEAN` a boolean, `NUMBER` a number, `DATE` an ISO 8601 string,
 * `FILE` a file upload.
 */
export const ScreeningQuestionAnswerInputSchema = z.object({
  question_id: nonEmpty("question_id"),
  answer: z.union([FileUploadSchema, z.string(), z.boolean(), z.number(), z.array(z.string())]),
});

/** A screening question answer on create. */
export type ScreeningQuestionAnswerInput = z.infer<typeof ScreeningQuestionAnswerInputSchema>;

/** The candidate to create, shared by both create bodies. */
export const CandidateInputSchema = z.object({
  first_name: nonEmpty("first_name"),
  last_name: nonEmpty("last_name"),
  /** Primary email address; an existing candidate with this address is reused where the vendor allows. */
  email_address: z.email({ error: "email_address must be a valid email address" }),
  additional_email_addresses: z
    .array(
      z.object({
        type: ContactTypeSchema,
        email_address: z.email({ error: "email_address must be a valid email address" }),
      }),
    )
    .optional(),
  /** Current employer. */
  company: z.string().optional(),
  /** Current job title. */
  title: z.string().optional(),
  phone_number: z.string().optional(),
  additional_phone_numbers: z
    .array(z.object({ type: ContactTypeSchema, phone_number: z.string() }))
    .optional(),
  location: z
    .object({
      city: z.string().optional(),
      country: z
        .string()
        .regex(/^[A-Z]{2}$/, { error: "country must be an uppercase ISO 3166-1 alpha-2 code, e.g. DE" }),
      state: z.string().optional(),
      street_1: z.string().optional(),
      zip_code: z.string().optional(),
    })
    .optional(),
  gender: GenderSchema.optional(),
  /** When the candidate can start. */
  availability_date: TimestampSchema.optional(),
  /** Converted by the connector to the period the vendor expects. */
  salary_expectations: z.object({ period: SalaryExpectationPeriodSchema, amount: z.number() }).optional(),
  social_links: z.array(z.object({ url: httpUrl("url") })).optional(),
});

/** The candidate to create. */
export type CandidateInput = z.infer<typeof CandidateInputSchema>;

/** Members both create bodies share besides `candidate`. */
const createShape = {
  attachments: z.array(AttachmentInputSchema).optional(),
  screening_question_answers: z.array(ScreeningQuestionAnswerInputSchema).optional(),
  /** Deprecated by Kombo in favour of automatic source writing. */
  source: z
    .object({ name: z.string().optional(), unified_key: z.string().optional(), id: z.string().optional() })
    .optional(),
  /** The user credited with sourcing the candidate: a unified user id or `remote:<vendor id>`. */
  sourced_by: z.object({ user_id: nonEmpty("user_id") }).optional(),
  /** Consent to process personal data, required in some jurisdictions. */
  gdpr_consent: z
    .object({ expires_at: TimestampSchema.optional(), given: z.boolean().optional() })
    .optional(),
  remote_fields: RemoteFieldsSchema.optional(),
};

/**
 * Body of `POST /ats/jobs/{job_id}/applications` (create application): applies a new or
 * email-matched existing candidate to the job in the path.
 */
export const CreateApplicationInputSchema = z.object({
  /** Unified id of one of the job's stages; the job's default stage when left out. */
  stage_id: nonEmpty("stage_id").optional(),
  candidate: CandidateInputSchema,
  ...createShape,
});

/** Body of create application. */
export type CreateApplicationInput = z.infer<typeof CreateApplicationInputSchema>;

/**
 * Body of `POST /ats/candidates` (create candidate, deprecated by Kombo in favour of create
 * application): a candidate with exactly one application.
 */
export const CreateCandidateInputSchema = z.object({
  candidate: CandidateInputSchema,
  application: z.object({
    /** Unified id of the job, or `remote:<vendor id>`. */
    job_id: nonEmpty("job_id"),
    /** Unified id of one of the job's stages; the job's default stage when left out. */
    stage_id: nonEmpty("stage_id").optional(),
  }),
  ...createShape,
});

/** Body of create candidate. */
export type CreateCandidateInput = z.infer<typeof CreateCandidateInputSchema>;

/**
 * Body of `POST /ats/applications/{id}/attachments` and `POST /ats/candidates/{id}/attachments`
 * (identical in the SDK apart from the tools typed under `remote_fields`).
 */
export const AddAttachmentInputSchema = z.object({
  attachment: AttachmentInputSchema,
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of add attachment. */
export type AddAttachmentInput = z.infer<typeof AddAttachmentInputSchema>;

/** Body of `PUT /ats/applications/{id}/stage` (move application to stage). */
export const MoveApplicationToStageInputSchema = z.object({
  /** Unified id of the target stage; it must belong to the application's job. */
  stage_id: nonEmpty("stage_id"),
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of move application to stage. */
export type MoveApplicationToStageInput = z.infer<typeof MoveApplicationToStageInputSchema>;

/** Body of `POST /ats/applications/{id}/result-links` (add an assessment result link). */
export const AddResultLinkInputSchema = z.object({
  /** Display name of the link where the vendor shows one. */
  label: nonEmpty("label"),
  /** Where the result can be viewed. */
  url: httpUrl("url"),
  /**
   * Result attributes (scores, percentages, text); where the vendor stores them as custom fields
   * they are named `<custom_field_name_prefix><key>`.
   */
  details: z
    .object({
      custom_field_name_prefix: z.string(),
      attributes: z.array(z.object({ key: z.string(), value: z.string() })),
    })
    .optional(),
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of add result link. */
export type AddResultLinkInput = z.infer<typeof AddResultLinkInputSchema>;

/**
 * Body of `POST /ats/applications/{id}/reject` (reject an application). Strict: an unknown member
 * is refused by name.
 */
export const RejectApplicationInputSchema = z.strictObject({
  /**
   * The rejection reason: `remote:<vendor id>` or the vendor's id of the reason (atsync has no
   * unified rejection-reason model, so there is no unified id to give).
   */
  rejection_reason_id: nonEmpty("rejection_reason_id"),
  /** Free-text rejection note, stored with the rejection where the vendor can. */
  note: z.string().optional(),
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of reject application. */
export type RejectApplicationInput = z.infer<typeof RejectApplicationInputSchema>;

/** Content types of a note on write (Kombo's: plain text only). */
export const NOTE_CONTENT_TYPES = ["PLAIN_TEXT"] as const;

/** Body of `POST /ats/applications/{id}/notes` (add a note to an application). Strict. */
export const AddNoteInputSchema = z.strictObject({
  /** The note's text (UTF-8). */
  content: z.string().trim().min(1, { error: "content must not be blank" }),
  content_type: z.enum(NOTE_CONTENT_TYPES),
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of add note. */
export type AddNoteInput = z.infer<typeof AddNoteInputSchema>;

/**
 * Body of `POST /ats/candidates/{id}/tags` (add a tag) and `DELETE /ats/candidates/{id}/tags`
 * (remove a tag), identical in the SDK. The tag is named, not identified: the connector finds
 * the vendor's tag of that name. Strict.
 */
export const CandidateTagInputSchema = z.strictObject({
  tag: z.strictObject({
    /** Name of the tag. */
    name: z.string().trim().min(1, { error: "name must not be blank" }),
  }),
  remote_fields: RemoteFieldsSchema.optional(),
});

/** Body of add or remove candidate tag. */
export type CandidateTagInput = z.infer<typeof CandidateTagInputSchema>;

/** True when `path` would leave the tool's base URL: absolute or protocol-relative, or a `..` segment. */
function escapesBaseUrl(path: string): boolean {
  if (/^[a-z][a-z\d+.-]*:/i.test(path) || /^[/\\]{2}/.test(path)) return true;
  const pathPart = path.split(/[?#]/, 1)[0] ?? "";
  return pathPart.split(/[/\\]/).some((segment) => segment.toLowerCase().replaceAll("%2e", ".") === "..");
}

/**
 * Body of `POST /passthrough/{tool}/{api}`: a raw request to the vendor API, sent by the connector
 * with its base URL and authentication. `data` is sent as JSON when an object or array, raw when a
 * string.
 */
export const PassthroughRequestSchema = z.object({
  method: PassthroughMethodSchema,
  /**
   * Path (and optional query) relative to the API's base URL. Absolute URLs and `..` segments are
   * refused: a passthrough call never leaves the integration's own API.
   */
  path: nonEmpty("path").refine((path) => !escapesBaseUrl(path), {
    error: "path must be relative to the API's base URL, without a scheme, host or `..` segments",
  }),
  /** Extra headers; the connector adds authentication. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Query parameters added to those in `path`. */
  params: z.record(z.string(), z.string()).optional(),
  data: z.unknown().optional(),
  /**
   * Form fields to send as `multipart/form-data` instead of `data`, in order: a string value is a
   * text field, a file upload (`data_url` or base64 `data`) a file part with its `name` and
   * `content_type`. `name` is the form field's name.
   */
  multipart_form_data: z
    .array(z.object({ name: nonEmpty("name"), value: z.union([FileUploadSchema, z.string()]) }))
    .optional(),
  /** Return the vendor's response body base64-encoded (binary responses). */
  response_as_base64: z.boolean().optional(),
  /** Options of the selected passthrough API adapter. */
  api_options: z.record(z.string(), z.string()).optional(),
});

/** Body of a passthrough request. */
export type PassthroughRequest = z.infer<typeof PassthroughRequestSchema>;

/**
 * One result of `GET /ats/candidates/{id}/attachments` (and, without `candidate_id` /
 * `application_id` in Kombo's shape, of the application variant). Not stored: fetched from the
 * vendor on request.
 */
export const AttachmentSchema = z.object({
  /** atsync id of the attachment. */
  id: z.string(),
  /** Unified id of the application the file belongs to; null for a candidate-level file. */
  application_id: z.string().nullable(),
  /** Unified id of the candidate. */
  candidate_id: z.string(),
  type: AttachmentTypeSchema,
  remote_id: z.string(),
  /** Where the file can be downloaded. */
  data_url: z.string(),
  file_name: z.string(),
  /** MIME type. */
  content_type: z.string(),
  remote_created_at: TimestampSchema.nullable(),
  remote_updated_at: TimestampSchema.nullable(),
});

/** An attachment as read. */
export type Attachment = z.infer<typeof AttachmentSchema>;
