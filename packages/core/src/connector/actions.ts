import type {
  ActionDefinitions,
  ActionHandlerInput,
  ActionHandlerOutput,
} from "../actions/action-definitions.js";
import type {
  AddAttachmentInput,
  AddNoteInput,
  AddResultLinkInput,
  Attachment,
  AttachmentType,
  CandidateTagInput,
  MoveApplicationToStageInput,
  RejectApplicationInput,
} from "../model/actions.js";
import type { ModelKey } from "../model/common.js";
import type { RemoteRecord } from "./session.js";

/** What a write action produced at the vendor. */
export interface ActionResult {
  /**
   * Records created or changed by the action, mapped like read records, for core to write
   * through to storage at once (e.g. the new candidate and application).
   */
  records: { model: ModelKey; record: RemoteRecord }[];
  /** Notes for the caller's logs (Kombo's `warnings`), e.g. a fallback that was taken. */
  warnings: string[];
}

/**
 * A file of an action input as handlers get it: core has decoded its `data` or downloaded its
 * `data_url` (through the guarded fetcher) and checked it against `MAX_ATTACHMENT_BYTES`, before
 * the handler runs. Handlers never download anything a caller named.
 */
export interface AttachmentFile {
  /** File name with extension. */
  name: string;
  /** Kind of file. */
  type: AttachmentType;
  /** MIME type: the one given, else the download's, else `application/octet-stream`. */
  content_type: string;
  /** The file's bytes. */
  bytes: Uint8Array;
}

/**
 * What a multi-step create already did at the vendor, as the connector chooses to describe it
 * (e.g. `{ person: "123", workflow: "456" }`): opaque to core, JSON-serialisable.
 */
export type ActionProgress = Readonly<Record<string, string>>;

/** A record an interrupted action left at the vendor. */
export interface CreatedRemote {
  /** Its model (`candidates`, `applications`, ...). */
  model: ModelKey;
  /** Its vendor key. */
  remote_id: string;
}

const INCOMPLETE_BRAND = Symbol.for("@atsync/core:ActionIncompleteError");

/**
 * Thrown by a handler whose vendor writes failed after some of them succeeded (e.g. the resume
 * upload after the application was created). Core tracks `created`, keeps `progress` for the
 * same input and passes it to the handler on a retry (`progress` member of its input), which then
 * completes the action instead of creating anything twice; the caller gets `cause`'s error code
 * with a message naming every record that exists at the vendor.
 */
export class ActionIncompleteError extends Error {
  /** Brand checked by `isActionIncomplete` (works across copies of this package). */
  readonly [INCOMPLETE_BRAND] = true;

  constructor(
    /** The failure that interrupted the action. */
    override readonly cause: unknown,
    /** What is done, for the retry. */
    readonly progress: ActionProgress,
    /** Records that exist at the vendor because of this action (this attempt and earlier ones). */
    readonly created: readonly CreatedRemote[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "ActionIncompleteError";
  }
}

/** True for an `ActionIncompleteError`, including one from another copy of `@atsync/core`. */
export function isActionIncomplete(value: unknown): value is ActionIncompleteError {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[INCOMPLETE_BRAND] === true
  );
}

/** Input of both create handlers. */
export interface CreateActionInput<B> {
  /**
   * The validated body without its attachments (those are in `attachments`). Screening-question
   * `FILE` answers are left as given: no connector writes them yet; one that does must have core
   * fetch them like attachments, never download a caller's URL itself.
   */
  body: Omit<B, "attachments">;
  /** The body's attachments in order, in hand. */
  attachments: AttachmentFile[];
  /** Vendor key of the job. */
  job_remote_id: string;
  /** Vendor key of the stage, or null for the vendor's default stage. */
  stage_remote_id: string | null;
  /** Source to write, or null. */
  source_name: string | null;
  /**
   * What an earlier attempt with the same input did before it failed (its `ActionIncompleteError`),
   * or null: the handler continues from there instead of creating those records again.
   */
  progress: ActionProgress | null;
}

/** Input of both attachment handlers. */
export interface AttachmentActionInput {
  /** The validated body without its attachment (`remote_fields`). */
  body: Omit<AddAttachmentInput, "attachment">;
  /** The attachment, in hand. */
  attachment: AttachmentFile;
  /** Vendor key of the candidate. */
  candidate_remote_id: string;
}

/** Input of `add_application_attachment`. */
export interface ApplicationAttachmentActionInput extends AttachmentActionInput {
  /** Vendor key of the application. */
  application_remote_id: string;
}

/** Input of `get_candidate_attachments`. */
export interface CandidateAttachmentsActionInput {
  /** Vendor key of the candidate. */
  candidate_remote_id: string;
}

/** What `get_candidate_attachments` answers: Kombo's attachment read shape minus unified ids. */
export interface CandidateAttachments {
  /** The candidate's files (data URLs). */
  attachments: Omit<Attachment, "id" | "candidate_id" | "application_id">[];
  /** Notes for the caller's logs. */
  warnings: string[];
}

/** Input of `move_application_to_stage`. */
export interface MoveApplicationToStageActionInput {
  /** The validated body. */
  body: MoveApplicationToStageInput;
  /** Vendor key of the application. */
  application_remote_id: string;
  /** Vendor key of the target stage (checked to be the application's job's or a shared one where stored). */
  stage_remote_id: string;
}

/** Input of `add_application_result_link`. */
export interface ResultLinkActionInput {
  /** The validated body. */
  body: AddResultLinkInput;
  /** Vendor key of the application. */
  application_remote_id: string;
}

/** Input of `reject_application`. */
export interface RejectApplicationActionInput {
  /** The validated body; `rejection_reason_id` is the caller's, without a `remote:` prefix. */
  body: RejectApplicationInput;
  /** Vendor key of the application. */
  application_remote_id: string;
}

/** Input of `add_application_note`. */
export interface ApplicationNoteActionInput {
  /** The validated body. */
  body: AddNoteInput;
  /** Vendor key of the application. */
  application_remote_id: string;
}

/** Input of `add_candidate_tag` and `remove_candidate_tag`. */
export interface CandidateTagActionInput {
  /** The validated body. */
  body: CandidateTagInput;
  /** Vendor key of the candidate. */
  candidate_remote_id: string;
}

/**
 * Handlers of the write actions, keyed by `ActionKey` (one per `ACTION_DEFINITIONS` entry, whose
 * doc comment says what it does; its input is `ActionHandlerInput<K>`). Core has validated the
 * body with the action's schema, checked coverage, resolved every unified id in it to the vendor
 * key (`*_remote_id` members; a caller's `remote:<key>` is checked to be a plain key: no `/`, `\`,
 * `..`, control characters, at most 200 characters) and fetched every file; handlers never see
 * unified ids. They check what else can fail (the job exists, the stage is valid, vendor id
 * syntax) before their first vendor write. `source_name` is set only when the connector has the
 * `sourceWriting` capability and the integration writes a source.
 */
export type ConnectorActions = {
  [K in keyof ActionDefinitions]: (input: ActionHandlerInput<K>) => Promise<ActionHandlerOutput<K>>;
};
