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
