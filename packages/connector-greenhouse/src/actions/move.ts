import { type ConnectorActions, inputInvalid } from "@atsync/core/connector";
import { idKey } from "../api/harvest-json.js";
import { type ActionDeps, applicationRecord, harvestId, namedRow, stageOfJob } from "./context.js";

/**
 * `move_application_to_stage`: reads the application (it must exist, be in process and not a
 * prospect) and checks the stage belongs to its job, then `POST /v3/applications/{id}/move`
 * with its current stage as `from_stage_id` (REFERENCE decision 23). An application already in
 * the stage is returned unchanged with a warning.
 */
export function moveActions(deps: ActionDeps): Pick<ConnectorActions, "move_application_to_stage"> {
  return {
    move_application_to_stage: async (input) => {
      const applicationId = harvestId(input.application_remote_id, "application_id");
      const application = await namedRow(deps, "applications", applicationId, "application_id");
      const jobId = idKey(application.job_id);
      if (application.prospect === true || jobId === null || application.status !== "in_process")
        throw inputInvalid("request", [
          {
            path: "application_id",
            message:
              "Greenhouse moves only active applications to a job (not prospects, rejected or hired ones)",
          },
        ]);
      const stageId = await stageOfJob(deps, input.stage_remote_id, Number(jobId));
      if (idKey(application.job_interview_stage_id) === String(stageId))
        return {
          records: applicationRecord(deps, application),
          warnings: ["the application is already in this stage"],
        };
      const moved = await deps.client.write(
        "POST",
        `/applications/${applicationId}/move`,
        { from_stage_id: Number(application.job_interview_stage_id), to_stage_id: stageId },
        deps.signal,
      );
      return { records: applicationRecord(deps, moved), warnings: [] };
    },
  };
}
