import type { RemoteOf } from "@atsync/core/connector";
import { flag, idKey, text, timestamp } from "../api/harvest-json.js";
import type { HarvestRow } from "../http/client.js";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A Harvest user (`GET /v3/users`) as a unified user: names, `primary_email` (invalid addresses
 * dropped), `deactivated` → INACTIVE / ACTIVE, and `site_admin` as the one system role Harvest
 * exposes (unified type ADMIN). Null for a row without a valid id.
 */
export function mapUser(row: HarvestRow): RemoteOf<"users"> | null {
  const remoteId = idKey(row.id);
  if (remoteId === null) return null;
  const email = text(row.primary_email);
  const deactivated = flag(row.deactivated);
  return {
    remote_id: remoteId,
    first_name: text(row.first_name),
    last_name: text(row.last_name),
    email: email !== null && EMAIL.test(email) ? email : null,
    status: deactivated === null ? null : deactivated ? "INACTIVE" : "ACTIVE",
    system_roles:
      row.site_admin === true
        ? [{ remote_id: "site_admin", remote_label: "Site Admin", scope: "SYSTEM", unified_type: "ADMIN" }]
        : [],
    remote_created_at: timestamp(row.created_at),
    remote_updated_at: timestamp(row.updated_at),
    remote_data: row,
    custom_fields: {},
  };
}
