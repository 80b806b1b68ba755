import type { RemoteOf } from "@atsync/core/connector";
import { parseIcimsDate } from "../api/dates.js";
import { outcomeOf } from "../decisions/outcome.js";
import { remoteTimestamps, TIMESTAMP_FIELDS } from "../decisions/timestamps.js";
import { arr, linkId, listId, listValue, obj } from "./icims-json.js";

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

/** A status log's entries as (status id, ISO date) pairs; `updatedDate` keys matched case-insensitively. */
function statusChanges(log: unknown): { status: string | null; at: string }[] {
  return arr(log).flatMap((raw) => {
    const entry = obj(raw) ?? {};
    const key = Object.keys(entry).find((k) => k.toLowerCase() === "updateddate");
    const at = key === undefined ? null : parseIcimsDate(entry[key]);
    return at === null ? [] : [{ status: listId(entry["status"]), at }];
  });
}

/** The earliest change of a status log, or null. */
function firstStatusChange(log: unknown): string | null {
  return (
    statusChanges(log)
      .map((c) => c.at)
      .sort()[0] ?? null
  );
}

/** When the workflow entered its current status `statusId`: the latest log entry with it, or null. */
function enteredStatusAt(log: unknown, statusId: string): string | null {
  const at = statusChanges(log)
    .filter((c) => c.status === statusId)
    .map((c) => c.at)
    .sort();
  return at[at.length - 1] ?? null;
}

/**
 * Maps an applicant workflow: `baseprofile` → job, `associatedprofile` → candidate, `status` →
 * current stage, the status's bin (from `binOf`, see the outcome decision) → outcome. Without
 * `createddate`, `remote_created_at` is the earliest `submittalstatuslog` entry; a DECLINED
 * workflow's `rejected_at` is when its log shows it entering the current status.
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
  const outcome = statusId === null ? null : outcomeOf(binOf(statusId), listValue(workflow["status"]));
  return {
    remote_id: id,
    outcome,
    rejection_reason_name: null,
    rejected_at:
      outcome === "DECLINED" && statusId !== null
        ? enteredStatusAt(workflow[STATUS_LOG_FIELD], statusId)
        : null,
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
