import type { RecordPage } from "@atsync/core/connector";
import { idAfter, pagedSearch, searchOnce, updatedWithin } from "../api/search.js";
import { portalSearchPath, postingOfRow } from "../decisions/job-postings.js";
import { checkCheckpoint } from "./checkpoint.js";
import type { ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/** Checkpoint of a postings read: `<portal index>:<last job id>`. */
const POSTING_CHECKPOINT = /^\d+:\d+$/;

/**
 * Reads job postings per the postings decision: for each configured portal in turn, the portal
 * search paged by job id (`job.updateddate` on deltas). Checkpoint: portal index and last job id.
 */
export function postingsReader(deps: ReaderDeps): ModelReader {
  const { client, settings } = deps;
  const portals = settings.portals;

  async function* read(request: ReadRequest): AsyncGenerator<RecordPage> {
    const [startPortal, startAfter] = (
      request.resume === null ? "0:0" : checkCheckpoint(request.resume, POSTING_CHECKPOINT)
    ).split(":") as [string, string];
    const filters = updatedWithin("jobs", request.since);
    for (let p = Number(startPortal); p < portals.length; p++) {
      const portal = portals[p] as string;
      const fetchPage = (after: string) =>
        searchOnce(client, portalSearchPath(portal), [...filters, idAfter("jobs", after)], {
          signal: request.signal,
        });
      const lastPortal = p === portals.length - 1;
      for await (const page of pagedSearch(fetchPage, p === Number(startPortal) ? startAfter : "0")) {
        const records = page.rows
          .map((row) => postingOfRow(portal, row))
          .filter((r) => request.scope?.has(r.remote_id) ?? true);
        const lastId = page.rows.at(-1)?.id ?? "0";
        const checkpoint = !(await page.last) ? `${p}:${lastId}` : lastPortal ? null : `${p + 1}:0`;
        yield { records, checkpoint };
      }
    }
  }

  return {
    read,
    async *listIds(request) {
      for await (const page of read({
        since: null,
        until: null,
        alreadyRead: new Set(),
        windowEnd: null,
        resume: null,
        stored: null,
        ...request,
      })) {
        yield page.records.map((r) => r.remote_id);
      }
    },
  };
}
