import type { GoneRecord } from "@atsync/core/connector";
import { searchOnce } from "../api/search.js";
import type { CallOptions, IcimsClient } from "../http/client.js";
import { listValue, text } from "../mappers/icims-json.js";

/**
 * Decision "Which people are candidates?" (docs in the package README): iCIMS keeps candidates,
 * employees, recruiters and hiring managers in one profile type, sorted by the person `folder`.
 * A person is a candidate when their folder is a candidate folder (its value starts with
 * "Candidate"), when they have no folder, or — for any other folder (Employee, Recruiter, Hiring
 * Manager, …) — when they have at least one applicant workflow (an employee who applied). People
 * in the Purge folder and merged profiles (first name `Merged with <id> - <date>`) are gone.
 */
export const PERSON_FOLDER_FIELD = "folder";

/** Name of the folder iCIMS' purge batch empties. */
const PURGE_FOLDER = "Purge";

/** iCIMS' rename of a merged (discarded) profile: `Merged with <survivorId> - <date>`. */
const MERGED_NAME = /^Merged with (\d+)\b/;

/** How a fetched person counts for the candidates model. */
export type PersonKind = { kind: "candidate" } | { kind: "gone"; gone: GoneRecord } | { kind: "staff" };

/**
 * Classifies a person from their profile alone: gone (merged or in the Purge folder), a candidate
 * by folder, or staff (another folder: a candidate only when `hasWorkflow` says so).
 */
export function personKind(id: string, person: Record<string, unknown>): PersonKind {
  const merged = MERGED_NAME.exec(text(person["firstname"]) ?? "");
  if (merged?.[1]) return { kind: "gone", gone: { remote_id: id, merged_into: merged[1] } };
  const folder = listValue(person[PERSON_FOLDER_FIELD]);
  if (folder === PURGE_FOLDER) return { kind: "gone", gone: { remote_id: id } };
  if (folder === null || folder.startsWith("Candidate")) return { kind: "candidate" };
  return { kind: "staff" };
}

/** True when the person has at least one applicant workflow (one id search). */
export async function hasWorkflow(
  client: IcimsClient,
  personId: string,
  options: CallOptions = {},
): Promise<boolean> {
  const rows = await searchOnce(
    client,
    "/search/applicantworkflows",
    [{ name: "applicantworkflow.person.id", value: [personId] }],
    options,
  );
  return rows.length > 0;
}
