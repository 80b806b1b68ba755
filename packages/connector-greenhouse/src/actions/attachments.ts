import { type AttachmentFile, type ConnectorActions, inputInvalid } from "@atsync/core/connector";
import { idKey, text, timestamp } from "../api/harvest-json.js";
import { allRows } from "../api/lists.js";
import { attachmentKinds } from "../decisions/contact-types.js";
import { type ActionDeps, harvestId, namedRow, rowById } from "./context.js";

/**
 * Uploads one file with `POST /v3/attachments` (base64 `content`, REFERENCE decision 30) to an
 * application or a candidate, and returns the warnings it leads to (a new resume replaces the
 * candidate's previous one in Greenhouse).
 */
export async function uploadAttachment(
  deps: ActionDeps,
  owner: { application_id: number } | { candidate_id: number },
  file: AttachmentFile,
): Promise<string[]> {
  const type = attachmentKinds.toHarvest(file.type);
  await deps.client.write(
    "POST",
    "/attachments",
    {
      ...owner,
      filename: file.name,
      type,
      content: Buffer.from(file.bytes).toString("base64"),
      content_type: file.content_type,
    },
    deps.signal,
  );
  return type === "resume"
    ? [`${file.name} is now the candidate's resume in Greenhouse (it replaces an earlier one)`]
    : [];
}

/**
 * The attachment actions: uploads to a candidate or an application (checked to exist first) and
 * the candidate's files (`GET /v3/attachments?candidate_ids=`, with Greenhouse's expiring
 * download links as `data_url`).
 */
export function attachmentActions(
  deps: ActionDeps,
): Pick<
  ConnectorActions,
  "add_candidate_attachment" | "add_application_attachment" | "get_candidate_attachments"
> {
  return {
    add_candidate_attachment: async (input) => {
      const candidateId = harvestId(input.candidate_remote_id, "candidate_id");
      if ((await rowById(deps, "candidates", candidateId)) === null)
        throw inputInvalid("request", [
          { path: "candidate_id", message: `Greenhouse has no candidate ${candidateId}` },
        ]);
      return {
        records: [],
        warnings: await uploadAttachment(deps, { candidate_id: candidateId }, input.attachment),
      };
    },
    add_application_attachment: async (input) => {
      const applicationId = harvestId(input.application_remote_id, "application_id");
      await namedRow(deps, "applications", applicationId, "application_id");
      return {
        records: [],
        warnings: await uploadAttachment(deps, { application_id: applicationId }, input.attachment),
      };
    },
    get_candidate_attachments: async (input) => {
      const candidateId = harvestId(input.candidate_remote_id, "candidate_id");
      const rows = await allRows(
        deps.client,
        "attachments",
        { candidate_ids: String(candidateId) },
        deps.signal,
      );
      const attachments = rows.flatMap((row) => {
        const remoteId = idKey(row.id);
        const url = text(row.url);
        if (remoteId === null || url === null) return [];
        return [
          {
            remote_id: remoteId,
            type: attachmentKinds.fromHarvest(text(row.type)),
            data_url: url,
            file_name: text(row.filename) ?? `attachment-${remoteId}`,
            content_type: text(row.content_type) ?? "application/octet-stream",
            remote_created_at: timestamp(row.created_at),
            remote_updated_at: timestamp(row.updated_at),
          },
        ];
      });
      return {
        attachments,
        warnings: attachments.length > 0 ? ["Greenhouse download links expire (about 7 days)"] : [],
      };
    },
  };
}
