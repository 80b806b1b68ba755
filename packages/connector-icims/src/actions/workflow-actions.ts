import type { ActionResult, AddResultLinkInput, ConnectorActions } from "@atsync/core/connector";
import { formatIcimsDate } from "../api/dates.js";
import { writeWarnings } from "../decisions/invalid-source.js";
import { icimsId } from "./ids.js";
import { readBack } from "./read-back.js";
import type { ActionDeps } from "./types.js";

/** Longest `assessmentnotes` iCIMS stores. */
const NOTES_MAX = 192;

/** The `assessmentresults` entry of a result link: name, URL, today's date, attributes as notes. */
export function assessmentEntry(body: AddResultLinkInput, today: Date): Record<string, unknown> {
  const notes = (body.details?.attributes ?? []).map((a) => `${a.key}: ${a.value}`).join("; ");
  return {
    assessmentname: { value: body.label },
    assessmenturl: body.url,
    assessmentdate: formatIcimsDate(today),
    ...(notes ? { assessmentnotes: notes.slice(0, NOTES_MAX) } : {}),
  };
}

/** Handlers that change an applicant workflow: move to a stage, add a result link. */
export function workflowActions(
  deps: ActionDeps,
  now: () => Date,
): Pick<ConnectorActions, "move_application_to_stage" | "add_application_result_link"> {
  return {
    /** `PATCH /applicantworkflows/{id}` with the new status; returns the application read back. */
    async move_application_to_stage({ application_remote_id, stage_remote_id }): Promise<ActionResult> {
      const workflowId = icimsId(application_remote_id, "application_id");
      const answer = await deps.client.write(
        "PATCH",
        `/applicantworkflows/${encodeURIComponent(workflowId)}`,
        { json: { status: { id: stage_remote_id } } },
        { signal: deps.signal },
      );
      return {
        records: await readBack(deps, { applications: workflowId }),
        warnings: writeWarnings(answer),
      };
    },
    /** Adds an `assessmentresults` entry (name = label, URL, date, attributes as notes). */
    async add_application_result_link({ body, application_remote_id }): Promise<ActionResult> {
      const workflowId = icimsId(application_remote_id, "application_id");
      const answer = await deps.client.write(
        "POST",
        `/applicantworkflows/${encodeURIComponent(workflowId)}/fields/assessmentresults`,
        { json: assessmentEntry(body, now()) },
        { signal: deps.signal },
      );
      return { records: [], warnings: writeWarnings(answer) };
    },
  };
}
