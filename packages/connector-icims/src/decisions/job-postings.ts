import type { RemoteOf } from "@atsync/core/connector";
import { parseIcimsDate } from "../api/dates.js";
import type { SearchRow } from "../api/search.js";
import { text } from "../mappers/icims-json.js";

/**
 * §13 decision "Job postings": the jobs a Job Portal search (`/search/portals/{portal}`) lists,
 * for each portal named in the credentials (no endpoint lists a tenant's portals). Rows carry `id`,
 * `self`, `portalUrl`, `updatedDate`; `url` = `portalUrl`, `status` = ACTIVE while listed. A
 * posting that disappears from the portal is marked deleted by the next deletion scan (its last
 * state is not re-emitted as INACTIVE). The `remote_id` is `<portal>:<jobId>`.
 */

/** The portal search path of a portal name or id. */
export function portalSearchPath(portal: string): string {
  return `/search/portals/${encodeURIComponent(portal)}`;
}

/** A job posting as the connector emits it. */
export type RemotePosting = RemoteOf<"job_postings">;

/** The posting of one portal search row. */
export function postingOfRow(portal: string, row: SearchRow): RemotePosting {
  return {
    remote_id: `${portal}:${row.id}`,
    job_remote_id: row.id,
    title: null,
    description_html: null,
    status: "ACTIVE",
    visibility: null,
    url: text(row["portalUrl"]),
    remote_created_at: null,
    remote_updated_at: parseIcimsDate(row["updatedDate"]),
    remote_data: { portal, ...row },
    custom_fields: {},
  };
}
