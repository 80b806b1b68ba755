import type { RemoteOf } from "@atsync/core/connector";
import { PERSON_FOLDER_FIELD } from "../decisions/candidates.js";
import { remoteTimestamps, TIMESTAMP_FIELDS } from "../decisions/timestamps.js";
import { userStatusOfFolder } from "../decisions/users.js";
import { validEmail } from "./contacts.js";
import { listValue, text } from "./icims-json.js";

/** Person fields the connector asks for when reading users (`fields=`). */
export const USER_FIELDS = [
  "firstname",
  "lastname",
  "email",
  PERSON_FOLDER_FIELD,
  ...TIMESTAMP_FIELDS,
] as const;

/** A user as the connector emits it. */
export type RemoteUser = RemoteOf<"users">;

/** Maps a person profile to a user: status from the folder (`userStatusOfFolder`); system roles are not known to the API ([]). */
export function mapUser(id: string, person: Record<string, unknown>, windowEnd: Date | null): RemoteUser {
  return {
    remote_id: id,
    first_name: text(person["firstname"]),
    last_name: text(person["lastname"]),
    email: validEmail(person["email"]),
    status: userStatusOfFolder(listValue(person[PERSON_FOLDER_FIELD])),
    system_roles: [],
    ...remoteTimestamps(person, windowEnd),
    remote_data: person,
    custom_fields: {},
  };
}
