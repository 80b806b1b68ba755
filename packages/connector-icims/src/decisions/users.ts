import type { UserStatus } from "@atsync/core/connector";
import type { SearchFilter } from "../api/search.js";

/**
 * §13 decision "Where do unified users come from?": iCIMS has no users API; users are person
 * profiles. atsync's users are the people jobs reference as hiring team (`recruiter`,
 * `secondaryrecruiter`, `hiringmanager`, `accountmanager`) plus, when login-group ids are
 * configured, the people a `person.logingroupid` search finds. Each is read with
 * `GET /people/{id}`, within the jobs read (see `jobsModel`). Returns the person search filter for
 * members of the configured login groups, or null when none are set.
 */
export function loginGroupFilter(loginGroupIds: readonly string[]): SearchFilter | null {
  return loginGroupIds.length === 0 ? null : { name: "person.logingroupid", value: [...loginGroupIds] };
}

/** Folder names of people who no longer work for the tenant. */
const INACTIVE_FOLDER = /\b(former|inactive|terminated|purge)\b/i;

/**
 * A user's status (atsync's choice: iCIMS exposes no login state on GET): INACTIVE when the
 * person's folder names a former, inactive or terminated person ("Former Employee"), ACTIVE for
 * any other folder, null when the person has no folder.
 */
export function userStatusOfFolder(folder: string | null): UserStatus | null {
  if (folder === null) return null;
  return INACTIVE_FOLDER.test(folder) ? "INACTIVE" : "ACTIVE";
}
