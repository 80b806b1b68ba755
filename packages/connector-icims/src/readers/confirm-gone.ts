import { AtsyncError, type ModelKey, type RemoteRecord } from "@atsync/core/connector";
import { mapPool } from "../api/pool.js";
import { fetchRecords, type IcimsJson, type ProfileType } from "../api/records.js";
import { searchOnce } from "../api/search.js";
import { HIRING_TEAM_FIELD_IDS, hiringTeamOf } from "../decisions/hiring-team.js";
import { portalSearchPath } from "../decisions/job-postings.js";
import { JOB_SCREENING_QUESTIONS_FIELD, jobQuestionsOf } from "../decisions/screening-questions.js";
import { sortPeople } from "./candidates-reader.js";
import { ID_CHECKPOINT } from "./checkpoint.js";
import type { ReaderDeps } from "./types.js";

/** Rows of a job-derived model (`<jobId>:<key>` ids) and the job fields they come from. */
const JOB_ROWS: Partial<
  Record<ModelKey, { fields: readonly string[]; rowsOf(jobId: string, job: IcimsJson): RemoteRecord[] }>
> = {
  job_hiring_team_members: { fields: HIRING_TEAM_FIELD_IDS, rowsOf: hiringTeamOf },
  job_screening_questions: { fields: [JOB_SCREENING_QUESTIONS_FIELD], rowsOf: jobQuestionsOf },
};

/** Profile models confirmed by a GET of the record itself (404 = gone), with a cheap field to ask for. */
const BY_GET: Partial<Record<ModelKey, { type: ProfileType; field: string }>> = {
  jobs: { type: "jobs", field: "folder" },
  applications: { type: "applicantworkflows", field: "status" },
};

/**
 * Confirms, record by record, which of `remoteIds` (missing from a listing) are no longer records
 * of `model` (`ConnectorSession.confirmGone`): jobs and applications by a GET answering 404;
 * candidates by a GET (404, merged or purged, or now staff — one workflow search more); job
 * screening questions and hiring-team rows by one GET of their job (gone with the job, or no longer
 * among its rows); postings by one portal search for their job. Users and the list-backed models
 * (stages, screening questions) cannot be confirmed one by one: `INTEGRATION.MODEL_NOT_AVAILABLE`
 * (kind unsupported), so the engine compares two listings instead.
 */
export async function confirmGone(
  deps: ReaderDeps,
  model: ModelKey,
  remoteIds: readonly string[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  const { client, settings } = deps;
  const fetch = (type: ProfileType, ids: readonly string[], fields: readonly string[]) =>
    fetchRecords(client, type, ids, { fields, concurrency: settings.concurrency, signal });
  const numeric = remoteIds.filter((id) => ID_CHECKPOINT.test(id));
  const invalid = remoteIds.filter((id) => !ID_CHECKPOINT.test(id));

  const byGet = BY_GET[model];
  if (byGet) {
    const found = new Set((await fetch(byGet.type, numeric, [byGet.field])).map((r) => r.id));
    return [...invalid, ...numeric.filter((id) => !found.has(id))];
  }
  if (model === "candidates") {
    const people = await fetch("people", numeric, ["firstname", "folder"]);
    const sorted = await sortPeople(client, people, { concurrency: settings.concurrency, signal });
    const candidates = new Set(sorted.candidates.map((p) => p.id));
    return remoteIds.filter((id) => !candidates.has(id));
  }
  const jobRows = JOB_ROWS[model];
  if (jobRows) {
    const jobIds = [...new Set(remoteIds.map((id) => id.split(":")[0] ?? ""))].filter((id) =>
      ID_CHECKPOINT.test(id),
    );
    const rows = new Set<string>();
    for (const { id, json } of await fetch("jobs", jobIds, jobRows.fields)) {
      for (const row of jobRows.rowsOf(id, json)) rows.add(row.remote_id);
    }
    return remoteIds.filter((id) => !rows.has(id));
  }
  if (model === "job_postings") {
    const listed = await mapPool(remoteIds, settings.concurrency, async (id) => {
      const [portal, jobId] = id.split(":");
      if (!portal || !jobId || !settings.portals.includes(portal) || !ID_CHECKPOINT.test(jobId)) return false;
      const rows = await searchOnce(client, portalSearchPath(portal), [{ name: "job.id", value: [jobId] }], {
        signal,
      });
      return rows.some((row) => row.id === jobId);
    });
    return remoteIds.filter((_, i) => !listed[i]);
  }
  throw new AtsyncError(
    "INTEGRATION.MODEL_NOT_AVAILABLE",
    `iCIMS cannot confirm ${model} deletions one by one; compare two listings`,
  );
}
