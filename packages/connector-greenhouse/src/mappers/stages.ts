import type { RemoteOf } from "@atsync/core/connector";
import { idKey, integer, text, timestamp } from "../api/harvest-json.js";
import type { HarvestRow } from "../http/client.js";

/**
 * A job interview stage (`GET /v3/job_interview_stages`) as an application stage of its job
 * (`job_remote_id`; Greenhouse stages belong to one job), ordered by `sort_order`. Null for a row
 * without a valid id or job.
 */
export function mapStage(row: HarvestRow): RemoteOf<"application_stages"> | null {
  const remoteId = idKey(row.id);
  const jobId = idKey(row.job_id);
  if (remoteId === null || jobId === null) return null;
  return {
    remote_id: remoteId,
    name: text(row.name),
    index: integer(row.sort_order),
    job_remote_id: jobId,
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: {},
  };
}
