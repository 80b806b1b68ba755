import { type ConnectorActions, inputInvalid } from "@atsync/core/connector";
import { labelsById, nameOf } from "../api/lookups.js";
import { type ActionDeps, applicationRecord, harvestId, namedRow, rowById } from "./context.js";

/**
 * `reject_application`: checks the application exists and is in process and the rejection
 * reason (a Greenhouse rejection reason id, built-in ones included) exists, then
 * `POST /v3/applications/{id}/reject` with the note as `notes` and
 * `remote_fields.greenhousev3.rejection_email` as `rejection_email`. The application is re-read
 * and returned with its outcome, rejection time and reason name.
 */
export function rejectActions(deps: ActionDeps): Pick<ConnectorActions, "reject_application"> {
  return {
    reject_application: async ({ body, application_remote_id }) => {
      const applicationId = harvestId(application_remote_id, "application_id");
      const reasonId = harvestId(body.rejection_reason_id, "rejection_reason_id");
      const [application, reasons] = await Promise.all([
        namedRow(deps, "applications", applicationId, "application_id"),
        labelsById(deps.client, "rejection_reasons", nameOf, { include_defaults: "true" }, deps.signal),
      ]);
      if (application.status !== "in_process")
        throw inputInvalid("request", [
          {
            path: "application_id",
            message: "Greenhouse rejects only active applications (not rejected or hired ones)",
          },
        ]);
      if (!reasons.has(String(reasonId)))
        throw inputInvalid("request", [
          { path: "rejection_reason_id", message: `Greenhouse has no rejection reason ${reasonId}` },
        ]);
      const rejectionEmail = body.remote_fields?.greenhousev3?.rejection_email;
      await deps.client.write(
        "POST",
        `/applications/${applicationId}/reject`,
        {
          rejection_reason_id: reasonId,
          ...(body.note === undefined ? {} : { notes: body.note }),
          ...(rejectionEmail === undefined ? {} : { rejection_email: rejectionEmail }),
        },
        deps.signal,
      );
      const rejected = await rowById(deps, "applications", applicationId);
      return { records: applicationRecord(deps, rejected, reasons), warnings: [] };
    },
  };
}
