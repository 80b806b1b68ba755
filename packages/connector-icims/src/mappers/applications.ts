import { parseIcimsDate } from "../api/dates.js";
import { outcomeOf } from "../decisions/outcome.js";
import { remoteTimestamps, TIMESTAMP_FIELDS } from "../decisions/timestamps.js";
import { arr, linkId, listId, listValue, obj } from "./icims-json.js";
import type { RemoteOf } from "./remote-record.js";

/** Workflow field holding the status history (newest first, at most 100 entries). */
export const STATUS_LOG_FIELD = "submittalstatuslog";

/** Workflow fields the connector asks for (`fields=`). */
export const APPLICATION_FIELDS = [
  "baseprofile",
  "associatedprofile",
  "status",
  "source",
  "sourcename",
  STATUS_LOG_FIELD,
  ...TIMESTAMP_FIELDS,
] as const;

/** An application as the connector emits it. */
export type RemoteApplication = RemoteOf<"applications">;

/** The earliest `updatedDate` of a status log (keys matched case-insensitively), or null. */
function firstStatusChange(log: unknown): string | null {
  const dates = arr(log)
    .map((raw) => {
      const entry = obj(raw) ?? {};
      const key = Object.keys(entry).find((k) => k.toLowerCase() === "updateddate");
      return key === undefined ? null : parseIcimsDate(entry[key]);
    })
    .filter((d): d is string => d !== null)
    .sort();
  return dates[0] ?? null;
}

/**
 * Maps an applicant workflow: `baseprofile` → job, `associatedprofile` → candidate, `status` →
 * current stage, the status's bin (from `binOf`, see the outcome decision) → outcome. Without
 * `createddate`, `remote_created_at` is the earliest `submittalstatuslog` entry.
 * `windowEnd`: see `remoteTimestamps`.
 */
export function mapApplication(
  id: string,
  workflow: Record<string, unknown>,
  binOf: (statusId: string) => string | null,
  windowEnd: Date | null,
): RemoteApplication {
  const statusId = listId(workflow["status"]);
  const timestamps = remoteTimestamps(workflow, windowEnd);
  return {
    remote_id: id,
    outcome: statusId === null ? null : outcomeOf(binOf(statusId), listValue(workflow["status"])),
    rejection_reason_name: null,
    rejected_at: null,
    current_stage_remote_id: statusId,
    job_remote_id: linkId(workflow["baseprofile"]),
    candidate_remote_id: linkId(workflow["associatedprofile"]),
    screening_question_answers: null,
    remote_url: null,
    remote_created_at: timestamps.remote_created_at ?? firstStatusChange(workflow[STATUS_LOG_FIELD]),
    remote_updated_at: timestamps.remote_updated_at,
    remote_data: workflow,
    custom_fields: {},
  };
}
