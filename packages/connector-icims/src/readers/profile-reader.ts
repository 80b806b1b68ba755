import type { RemoteRecord } from "@atsync/core";
import { fetchRecords, type IcimsJson } from "../api/records.js";
import { SEARCH_PREFIX, type SearchType, searchOnce, searchPages, updatedSince } from "../api/search.js";
import { byId, checkCheckpoint, chunks, ID_CHECKPOINT, pagesOfIds } from "./checkpoint.js";
import type { ListRequest, ModelReader, ReaderDeps, ReadRequest } from "./types.js";

/** Ids per search when checking which of a scope's ids still exist. */
const SCOPE_CHUNK = 100;

/** How a profile-backed model is read. */
export interface ProfileModel {
  /** Profile type searched and fetched. */
  type: SearchType;
  /** Field ids asked for. */
  fields: readonly string[];
  /** Returns the mapper for one read (may load what the mapping needs first). */
  mapper(request: ReadRequest): Promise<(id: string, json: IcimsJson) => RemoteRecord>;
}

/**
 * Reads a model that is one iCIMS profile type (jobs, people, applicant workflows): id searches
 * paged by id (1000 per page, `updateddate` filter on deltas), then one GET per record with
 * `fields=`, bounded concurrency. A scope without `since` GETs exactly the scoped ids; with
 * `since`, the delta search is intersected with the scope. Checkpoint: the page's last id.
 */
export function profileReader(deps: ReaderDeps, model: ProfileModel): ModelReader {
  const { client, settings } = deps;
  type Mapper = (id: string, json: IcimsJson) => RemoteRecord;
  const fetchPage = async (ids: readonly string[], request: ReadRequest, map: Mapper) => {
    const fetched = await fetchRecords(client, model.type, ids, {
      fields: model.fields,
      concurrency: settings.concurrency,
      signal: request.signal,
    });
    return fetched.map(({ id, json }) => map(id, json));
  };

  return {
    async *read(request) {
      const resume = request.resume === null ? "0" : checkCheckpoint(request.resume, ID_CHECKPOINT);
      const map = await model.mapper(request);
      if (request.scope !== null && request.since === null) {
        const after = Number(resume);
        const ids = [...request.scope]
          .filter((id) => ID_CHECKPOINT.test(id) && Number(id) > after)
          .sort(byId);
        yield* pagesOfIds(ids, (page) => fetchPage(page, request, map));
        return;
      }
      const filters = updatedSince(model.type, request.since);
      for await (const page of searchPages(client, model.type, filters, resume, { signal: request.signal })) {
        const ids = page.rows.map((row) => row.id).filter((id) => request.scope?.has(id) ?? true);
        const records = await fetchPage(ids, request, map);
        yield { records, checkpoint: (await page.last) ? null : (page.rows.at(-1)?.id ?? null) };
      }
    },

    async *listIds(request: ListRequest) {
      const options = { signal: request.signal };
      if (request.scope === null) {
        for await (const page of searchPages(client, model.type, [], "0", options)) {
          yield page.rows.map((row) => row.id);
        }
        return;
      }
      const ids = [...request.scope].filter((id) => ID_CHECKPOINT.test(id)).sort(byId);
      for (const chunk of chunks(ids, SCOPE_CHUNK)) {
        const filter = { name: `${SEARCH_PREFIX[model.type]}.id`, value: chunk };
        const rows = await searchOnce(client, `/search/${model.type}`, [filter], options);
        yield rows.map((row) => row.id);
      }
    },
  };
}
