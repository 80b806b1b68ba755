import { type ActionResult, type AddAttachmentInput, AtsyncError, type ConnectorActions } from "@atsync/core";
import { fileContent, readResume, uploadResume } from "./files.js";
import type { ActionDeps } from "./types.js";

/** Refuses every attachment type but CV: iCIMS' API stores one file per person, the resume. */
function requireCv(body: AddAttachmentInput): void {
  const type = body.attachment.type;
  if (type !== "CV") {
    throw new AtsyncError(
      "INTEGRATION.ACTION_NOT_AVAILABLE",
      `iCIMS only accepts attachments of type CV (stored as the candidate's resume); ${type} attachments are not supported`,
    );
  }
}

async function storeResume(deps: ActionDeps, personId: string, body: AddAttachmentInput): Promise<void> {
  requireCv(body);
  await uploadResume(
    deps.client,
    personId,
    await fileContent(deps.http, body.attachment, deps.signal),
    deps.signal,
  );
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
    async add_candidate_attachment({ body, candidate_remote_id }): Promise<ActionResult> {
      await storeResume(deps, candidate_remote_id, body);
      return { records: [], warnings: [] };
    },
    /** iCIMS has no application files: a CV goes to the candidate's resume, with a warning. */
    async add_application_attachment({ body, candidate_remote_id }): Promise<ActionResult> {
      await storeResume(deps, candidate_remote_id, body);
      return {
        records: [],
        warnings: [
          `iCIMS has no files on applications; the CV was stored as the resume of candidate ${candidate_remote_id}`,
        ],
      };
    },
    /** The candidate's resume as a data URL (type CV), or none. */
    async get_candidate_attachments({ candidate_remote_id }) {
      const resume = await readResume(deps.client, candidate_remote_id, deps.signal);
      if (resume === null) return { attachments: [], warnings: [] };
      return {
        attachments: [
          {
            type: "CV",
            remote_id: `${candidate_remote_id}:resume`,
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
