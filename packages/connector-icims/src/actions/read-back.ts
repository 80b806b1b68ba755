import { AtsyncError, type ModelKey, type RemoteRecord } from "@atsync/core/connector";
import type { Response } from "got";
import { fetchRecords } from "../api/records.js";
import { APPLICATION_FIELDS, mapApplication } from "../mappers/applications.js";
import { CANDIDATE_FIELDS, mapCandidate } from "../mappers/candidates.js";
import type { ActionDeps } from "./types.js";

/** The id in a create's `Location` header (`…/{type}/{id}`); iCIMS sends no body. */
export function createdId(response: Response<string>): string {
  const id = /\/(\d+)\/?$/.exec(String(response.headers.location ?? ""))?.[1];
  if (id === undefined) {
    throw new AtsyncError(
      "REMOTE.UNKNOWN_HTTP_ERROR",
      "iCIMS created a record but sent no Location with its id",
    );
  }
  return id;
}

/** Which records to read back after a write. */
export interface ReadBack {
  /** Person id to read back as a candidate. */
  candidates?: string;
  /** Workflow id to read back as an application. */
  applications?: string;
}

/**
 * GETs the written records again and maps them like a read, for core to write through to storage
 * (one GET each, a candidate with the tenant's person custom fields and their labels, as the
 * candidates read asks for them; a record that vanished meanwhile is left out).
 */
export async function readBack(
  deps: ActionDeps,
  which: ReadBack,
): Promise<{ model: ModelKey; record: RemoteRecord }[]> {
  const out: { model: ModelKey; record: RemoteRecord }[] = [];
  const options = (fields: readonly string[]) => ({ fields, concurrency: 1, signal: deps.signal });
  if (which.candidates !== undefined) {
    const { custom, labels } = await deps.schemas.fields("people", deps.signal);
    for (const { id, json } of await fetchRecords(
      deps.client,
      "people",
      [which.candidates],
      options([...CANDIDATE_FIELDS, ...custom]),
    )) {
      out.push({ model: "candidates", record: mapCandidate(id, json, null, labels) });
    }
  }
  if (which.applications !== undefined) {
    const binOf = await deps.bins.lookup(deps.signal);
    const ids = [which.applications];
    for (const { id, json } of await fetchRecords(
      deps.client,
      "applicantworkflows",
      ids,
      options(APPLICATION_FIELDS),
    )) {
      out.push({ model: "applications", record: mapApplication(id, json, binOf, null) });
    }
  }
  return out;
}
