import { AtsyncError, type ConnectorActions, inputInvalid } from "@atsync/core/connector";
import { idKey } from "../api/harvest-json.js";
import { allRows } from "../api/lists.js";
import { type ActionDeps, applicationRecord, harvestId, namedRow, rowById } from "./context.js";

/** Visibilities of a Greenhouse note (`remote_fields.greenhousev3.visibility`). */
const VISIBILITIES = ["admin_only", "private", "public"] as const;

/** Name Greenhouse gives a credential's service account (REFERENCE decision 5). */
const SERVICE_ACCOUNT_NAME = "Harvest API Service Account";

/**
 * `add_application_note`: `POST /v3/notes` `{application_id, user_id, body, visibility,
 * note_type: NOTE}`. The note's author (`user_id`, required by Harvest) is the acting user
 * (`actingUserId`), else the credential's service account; visibility is
 * `remote_fields.greenhousev3.visibility`, default `public`. The application is re-read (its
 * `last_activity_at` moved) and returned.
 */
export function noteActions(deps: ActionDeps): Pick<ConnectorActions, "add_application_note"> {
  return {
    add_application_note: async ({ body, application_remote_id }) => {
      const applicationId = harvestId(application_remote_id, "application_id");
      const visibility = body.remote_fields?.greenhousev3?.visibility ?? "public";
      if (!VISIBILITIES.includes(visibility as (typeof VISIBILITIES)[number]))
        throw inputInvalid("request", [
          {
            path: "remote_fields.greenhousev3.visibility",
            message: `visibility must be one of ${VISIBILITIES.join(", ")}`,
          },
        ]);
      await namedRow(deps, "applications", applicationId, "application_id");
      await deps.client.write(
        "POST",
        "/notes",
        {
          application_id: applicationId,
          user_id: await noteAuthor(deps),
          body: body.content,
          visibility,
          note_type: "NOTE",
        },
        deps.signal,
      );
      return {
        records: applicationRecord(deps, await rowById(deps, "applications", applicationId)),
        warnings: [],
      };
    },
  };
}

/** The user notes are written as: the acting user, else the credential's service account. */
async function noteAuthor(deps: ActionDeps): Promise<number> {
  if (deps.actingUserId !== undefined) return Number(deps.actingUserId);
  const users = await allRows(deps.client, "users", { show_service_accounts: "true" }, deps.signal);
  const account = idKey(users.find((user) => user.name === SERVICE_ACCOUNT_NAME)?.id);
  if (account === null)
    throw new AtsyncError(
      "INTEGRATION.ACTION_NOT_AVAILABLE",
      "Greenhouse notes need an author: set the integration's actingUserId (no service account is listed)",
    );
  return Number(account);
}
