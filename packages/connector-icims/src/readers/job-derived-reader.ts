import type { RemoteRecord } from "@atsync/core";
import { fetchRecords, type IcimsJson } from "../api/records.js";
import { searchPages, updatedSince } from "../api/search.js";
import { checkCheckpoint, ID_CHECKPOINT } from "./checkpoint.js";
import type { ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/** How a model derived from job profiles is read. */
export interface JobDerivedModel {
  /** Job field ids asked for. */
  fields: readonly string[];
  /** The model's records of one job. */
  rowsOf(jobId: string, job: IcimsJson): RemoteRecord[];
}

/**
 * Reads a model whose records live inside job profiles (hiring team, job screening questions):
 * job searches paged by id (`job.updateddate` on deltas), one GET per job with the model's
 * fields, the job's rows. Checkpoint: the last job id of the page. Listing ids needs the same
 * GETs (the rows are not searchable).
 */
export function jobDerivedReader(deps: ReaderDeps, model: JobDerivedModel): ModelReader {
  const { client, settings } = deps;
  async function* read(request: ReadRequest) {
    const resume = request.resume === null ? "0" : checkCheckpoint(request.resume, ID_CHECKPOINT);
    const options = { signal: request.signal };
    for await (const page of searchPages(
      client,
      "jobs",
      updatedSince("jobs", request.since),
      resume,
      options,
    )) {
      const jobs = await fetchRecords(
        client,
        "jobs",
        page.rows.map((row) => row.id),
        { fields: model.fields, concurrency: settings.concurrency, signal: request.signal },
      );
      const records = jobs
        .flatMap(({ id, json }) => model.rowsOf(id, json))
        .filter((r) => request.scope?.has(r.remote_id) ?? true);
      yield { records, checkpoint: (await page.last) ? null : (page.rows.at(-1)?.id ?? null) };
    }
  }
  return {
    read,
    async *listIds(request) {
      const pages = read({ since: null, windowEnd: null, resume: null, ...request });
      for await (const page of pages) yield page.records.map((r) => r.remote_id);
    },
  };
}
