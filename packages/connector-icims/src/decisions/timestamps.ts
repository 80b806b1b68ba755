import { parseIcimsDate } from "../api/dates.js";

/**
 * §13 decision "createddate / updateddate on GET": iCIMS documents them only as search filters.
 * The connector asks for them in `fields=` and uses them when present; when `updateddate` is
 * absent, `remote_updated_at` falls back to the upper bound of the search window that surfaced
 * the record (the time a delta search ran; a full read has no window, so it stays null).
 */
export const TIMESTAMP_FIELDS = ["createddate", "updateddate"] as const;

/** The record's vendor timestamps (ISO strings or null). */
export function remoteTimestamps(
  json: Record<string, unknown>,
  windowEnd: Date | null,
): { remote_created_at: string | null; remote_updated_at: string | null } {
  return {
    remote_created_at: parseIcimsDate(json["createddate"]),
    remote_updated_at: parseIcimsDate(json["updateddate"]) ?? windowEnd?.toISOString() ?? null,
  };
}
