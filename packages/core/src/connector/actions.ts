import type {
  AddAttachmentInput,
  AddResultLinkInput,
  Attachment,
  CreateApplicationInput,
  CreateCandidateInput,
  MoveApplicationToStageInput,
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
 * Handlers of the write actions, keyed by `ActionKey`. Core has validated the body with the
 * action's schema, checked coverage, and resolved every unified id in it to the vendor key
 * (`*_remote_id` members); handlers never see unified ids. `source_name` is set only when the
 * connector has the `sourceWriting` capability and the integration writes a source.
 */
export interface ConnectorActions {
  /** Creates a candidate with one application (Kombo's `POST /ats/candidates`). */
  create_candidate(input: {
    body: CreateCandidateInput;
    job_remote_id: string;
    stage_remote_id: string | null;
    source_name: string | null;
  }): Promise<ActionResult>;
  /** Applies a (new or email-matched existing) candidate to a job. */
  create_application(input: {
    body: CreateApplicationInput;
    job_remote_id: string;
    stage_remote_id: string | null;
    source_name: string | null;
  }): Promise<ActionResult>;
  /** Attaches a file to an application (or, when the vendor stores files on candidates, to its candidate). */
  add_application_attachment(input: {
    body: AddAttachmentInput;
    application_remote_id: string;
    candidate_remote_id: string;
  }): Promise<ActionResult>;
  /** Attaches a file to a candidate. */
  add_candidate_attachment(input: {
    body: AddAttachmentInput;
    candidate_remote_id: string;
  }): Promise<ActionResult>;
  /** The candidate's attachments (data URLs), as Kombo's attachment read shape minus unified ids. */
  get_candidate_attachments(input: { candidate_remote_id: string }): Promise<{
    attachments: Omit<Attachment, "id" | "candidate_id" | "application_id">[];
    warnings: string[];
  }>;
  /** Moves an application to a stage of its job. */
  move_application_to_stage(input: {
    body: MoveApplicationToStageInput;
    application_remote_id: string;
    stage_remote_id: string;
  }): Promise<ActionResult>;
  /** Adds an assessment result link to an application. */
  add_application_result_link(input: {
    body: AddResultLinkInput;
    application_remote_id: string;
  }): Promise<ActionResult>;
}
