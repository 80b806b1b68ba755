import type { RemoteOf } from "@atsync/core/connector";
import { flag, idKey, text, timestamp } from "../api/harvest-json.js";
import { postingStatusOf, postingVisibilityOf } from "../decisions/job-postings.js";
import type { HarvestRow } from "../http/client.js";

/**
 * A Harvest job post (`GET /v3/job_posts`) as a job posting of its job: title, HTML `content`,
 * status and visibility (`decisions/job-postings.ts`). Harvest gives no public URL (it needs the
 * job board's token), so `url` stays null. Null for a row without a valid id or job.
 */
export function mapJobPosting(row: HarvestRow): RemoteOf<"job_postings"> | null {
  const remoteId = idKey(row.id);
  const jobId = idKey(row.job_id);
  if (remoteId === null || jobId === null) return null;
  return {
    remote_id: remoteId,
    job_remote_id: jobId,
    title: text(row.title),
    description_html: text(row.content),
    status: postingStatusOf(flag(row.live), flag(row.active)),
    visibility: postingVisibilityOf(flag(row.internal)),
    url: null,
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: {},
  };
}
