import { AtsyncError, inputInvalid, type RemoteRecord } from "@atsync/core/connector";
import { idKey, text } from "../api/harvest-json.js";
import { allRows } from "../api/lists.js";
import type { HarvestClient, HarvestRow } from "../http/client.js";
import { mapApplication } from "../mappers/applications.js";
import { mapCandidate } from "../mappers/candidates.js";

/** What every action handler gets from the session. */
export interface ActionDeps {
  /** The session's Harvest client. */
  client: HarvestClient;
  /** Origin of the Greenhouse web app (for mapped records' `remote_url`). */
  appUrl: string;
  /** The Greenhouse user the tokens act as (`actingUserId` setting), or undefined for the service account. */
  actingUserId: string | undefined;
  /** Aborts the action's calls. */
  signal: AbortSignal;
}

/**
 * A vendor key that goes into a Harvest path or body: a positive integer id, else
 * `PLATFORM.INPUT_INVALID` naming `field` (nothing is sent).
 */
export function harvestId(value: string, field: string): number {
  const key = idKey(value);
  if (key === null)
    throw inputInvalid("request", [{ path: field, message: `${field} is not a Greenhouse id` }]);
  return Number(key);
}

/** One record of a Harvest list by id (`?ids=`), or null when Harvest does not list it. */
export async function rowById(deps: ActionDeps, resource: string, id: number): Promise<HarvestRow | null> {
  const rows = await allRows(deps.client, resource, { ids: String(id) }, deps.signal);
  return rows.find((row) => idKey(row.id) === String(id)) ?? null;
}

/**
 * The record a caller named by `field` (`application_id`, `candidate_id`), read before any write:
 * `PLATFORM.INPUT_INVALID` naming `field` when Harvest does not list it.
 */
export async function namedRow(
  deps: ActionDeps,
  resource: "applications" | "candidates",
  id: number,
  field: string,
): Promise<HarvestRow> {
  const row = await rowById(deps, resource, id);
  if (row === null)
    throw inputInvalid("request", [
      { path: field, message: `Greenhouse has no ${resource.slice(0, -1)} ${id}` },
    ]);
  return row;
}

/**
 * The job an application is created for, checked before any write: it must exist
 * (`PLATFORM.INPUT_INVALID` naming `field`) and be open (`ATS.JOB_CLOSED`).
 */
export async function openJob(deps: ActionDeps, jobRemoteId: string, field: string): Promise<number> {
  const id = harvestId(jobRemoteId, field);
  const job = await rowById(deps, "jobs", id);
  if (job === null) throw inputInvalid("request", [{ path: field, message: `Greenhouse has no job ${id}` }]);
  if (job.status !== "open")
    throw new AtsyncError("ATS.JOB_CLOSED", `Greenhouse job ${id} is ${text(job.status) ?? "not open"}`);
  return id;
}

/**
 * A stage named by a caller, checked to be a stage of `jobId` (Greenhouse stages belong to one
 * job); else `PLATFORM.INPUT_INVALID` naming `stage_id`.
 */
export async function stageOfJob(deps: ActionDeps, stageRemoteId: string, jobId: number): Promise<number> {
  const id = harvestId(stageRemoteId, "stage_id");
  const stage = await rowById(deps, "job_interview_stages", id);
  if (stage === null || idKey(stage.job_id) !== String(jobId))
    throw inputInvalid("request", [
      { path: "stage_id", message: `stage ${id} is not a stage of Greenhouse job ${jobId}` },
    ]);
  return id;
}

/** A Harvest candidate answer as the record to write through. */
export function candidateRecord(
  deps: ActionDeps,
  row: unknown,
): { model: "candidates"; record: RemoteRecord }[] {
  const record =
    typeof row === "object" && row !== null ? mapCandidate(row as HarvestRow, deps.appUrl) : null;
  return record === null ? [] : [{ model: "candidates", record }];
}

/**
 * A Harvest application answer as the record to write through; `rejectionReasons` names the
 * reason of a rejected one (new and moved applications carry no rejection).
 */
export function applicationRecord(
  deps: ActionDeps,
  row: unknown,
  rejectionReasons: ReadonlyMap<string, string> = new Map(),
): { model: "applications"; record: RemoteRecord }[] {
  const record =
    typeof row === "object" && row !== null
      ? mapApplication(row as HarvestRow, { rejectionReasons, appUrl: deps.appUrl })
      : null;
  return record === null ? [] : [{ model: "applications", record }];
}
