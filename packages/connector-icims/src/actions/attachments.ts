import {
  type ActionResult,
  AtsyncError,
  type AttachmentActionInput,
  type ConnectorActions,
} from "@atsync/core/connector";
import { readResume, uploadResume } from "./files.js";
import { icimsId } from "./ids.js";
import type { ActionDeps } from "./types.js";

/**
 * Stores a CV as the person's resume. Refuses every other attachment type (iCIMS' API stores one
 * file per person, the resume) and a non-numeric person id, before any call.
 */
async function storeResume(deps: ActionDeps, input: AttachmentActionInput, field: string): Promise<void> {
  const { type } = input.attachment;
  if (type !== "CV") {
    throw new AtsyncError(
      "INTEGRATION.ACTION_NOT_AVAILABLE",
      `iCIMS only accepts attachments of type CV (stored as the candidate's resume); ${type} attachments are not supported`,
    );
  }
  const personId = icimsId(input.candidate_remote_id, field);
  await uploadResume(deps.client, personId, input.attachment, deps.signal);
}

/** The attachment handlers: CV only, stored as the person's resume. */
export function attachmentActions(
  deps: ActionDeps,
): Pick<
  ConnectorActions,
  "add_candidate_attachment" | "add_application_attachment" | "get_candidate_attachments"
> {
  return {
    /** Stores a CV as the candidate's resume (replacing an earlier one); other types are refused. */
    async add_candidate_attachment(input): Promise<ActionResult> {
      await storeResume(deps, input, "candidate_id");
      return { records: [], warnings: [] };
    },
    /** iCIMS has no application files: a CV goes to the candidate's resume, with a warning. */
    async add_application_attachment(input): Promise<ActionResult> {
      await storeResume(deps, input, "application_id");
      return {
        records: [],
        warnings: [
          `iCIMS has no files on applications; the CV was stored as the resume of candidate ${input.candidate_remote_id}`,
        ],
      };
    },
    /** The candidate's resume as a data URL (type CV), or none. */
    async get_candidate_attachments({ candidate_remote_id }) {
      const personId = icimsId(candidate_remote_id, "candidate_id");
      const resume = await readResume(deps.client, personId, deps.signal);
      if (resume === null) return { attachments: [], warnings: [] };
      return {
        attachments: [
          {
            type: "CV",
            remote_id: `${personId}:resume`,
            data_url: `data:${resume.contentType};base64,${Buffer.from(resume.bytes).toString("base64")}`,
            file_name: resume.name,
            content_type: resume.contentType,
            remote_created_at: null,
            remote_updated_at: null,
          },
        ],
        warnings: [],
      };
    },
  };
}
