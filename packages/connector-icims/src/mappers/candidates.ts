import type { RemoteOf } from "@atsync/core/connector";
import { remoteTimestamps, TIMESTAMP_FIELDS } from "../decisions/timestamps.js";
import { emailAddresses, phoneNumbers, SOCIAL_FIELDS, socialMedia } from "./contacts.js";
import { arr, bool, listValue, obj, text } from "./icims-json.js";
import { integrationFields, NO_LABELS } from "./integration-fields.js";
import { personLocation } from "./location.js";

/**
 * Person collection holding employment history, read for the current company and title. Its id
 * and children (`workemployer`, `worktitle`, `iscurrent`) are guesses: iCIMS documents no standard
 * work-history field publicly.
 */
export const WORK_HISTORY_FIELD = "workexperience";

/** Person fields the connector asks for when reading candidates (`fields=`). */
export const CANDIDATE_FIELDS = [
  "firstname",
  "lastname",
  "email",
  "phones",
  "addresses",
  "source",
  "sourcename",
  WORK_HISTORY_FIELD,
  ...SOCIAL_FIELDS,
  ...TIMESTAMP_FIELDS,
] as const;

/** A candidate as the connector emits it. */
export type RemoteCandidate = RemoteOf<"candidates">;

/** The current (else first) work-history entry's employer and title. */
function currentWork(person: Record<string, unknown>): { company: string | null; title: string | null } {
  const entries = arr(person[WORK_HISTORY_FIELD])
    .map(obj)
    .filter((e): e is Record<string, unknown> => e !== null);
  const entry = entries.find((e) => bool(e["iscurrent"]) === true) ?? entries[0];
  return { company: listValue(entry?.["workemployer"]), title: listValue(entry?.["worktitle"]) };
}

/**
 * Maps a person profile to a candidate: names, `email`, `phones`, the home (else first) address,
 * `source` (else `sourcename`), current employer and title, social profile URLs, every field →
 * integration_fields (labelled with `labels`, the Schema API's titles; the `fieldNNNNN` ones also
 * → custom_fields, which core replaces by the host's mapped custom fields). `windowEnd`: see
 * `remoteTimestamps`.
 */
export function mapCandidate(
  id: string,
  person: Record<string, unknown>,
  windowEnd: Date | null,
  labels: ReadonlyMap<string, string> = NO_LABELS,
): RemoteCandidate {
  return {
    remote_id: id,
    first_name: text(person["firstname"]),
    last_name: text(person["lastname"]),
    ...currentWork(person),
    confidential: null,
    source: text(person["source"]) ?? text(person["sourcename"]),
    phone_numbers: phoneNumbers(person["phones"]),
    email_addresses: emailAddresses(person["email"]),
    social_media: socialMedia(person),
    location: personLocation(person["addresses"]),
    remote_url: null,
    ...remoteTimestamps(person, windowEnd),
    remote_data: person,
    ...integrationFields("people", person, labels),
  };
}
