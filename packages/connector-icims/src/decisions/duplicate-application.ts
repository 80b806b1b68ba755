import { AtsyncError } from "@atsync/core/connector";
import { searchOnce } from "../api/search.js";
import type { CallOptions, IcimsClient } from "../http/client.js";

/**
 * §13 decision "Duplicate application": iCIMS keeps one workflow per person × job, but what a
 * second `POST /applicantworkflows` does is undocumented. Before creating one, the connector
 * searches `applicantworkflow.person.id` + `applicantworkflow.job.id`; a hit (also when found
 * after a failed POST) is `ATS.APPLICATION_ALREADY_EXISTS`.
 */
export async function findApplication(
  client: IcimsClient,
  personId: string,
  jobId: string,
  options: CallOptions = {},
): Promise<string | null> {
  const rows = await searchOnce(
    client,
    "/search/applicantworkflows",
    [
      { name: "applicantworkflow.person.id", value: [personId] },
      { name: "applicantworkflow.job.id", value: [jobId] },
    ],
    options,
  );
  return rows[0]?.id ?? null;
}

/** The error for an existing application of the person to the job. */
export function applicationExists(personId: string, jobId: string, applicationId: string): AtsyncError {
  return new AtsyncError(
    "ATS.APPLICATION_ALREADY_EXISTS",
    `iCIMS person ${personId} already has application ${applicationId} for job ${jobId}`,
  );
}
