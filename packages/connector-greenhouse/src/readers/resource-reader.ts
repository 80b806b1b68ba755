import { chunks, inputInvalid, type RecordPage, type RemoteRecord } from "@atsync/core/connector";
import { idKey } from "../api/harvest-json.js";
import { eachPage, MAX_FILTER_IDS, MAX_PER_PAGE, sinceFilter } from "../api/lists.js";
import type { HarvestClient, HarvestRow } from "../http/client.js";

/** One read, as the session validated it. */
export interface ReadRequest {
  /** Delta lower bound (already minus the engine's overlap), or null for a full read. */
  since: Date | null;
  /** Only these vendor keys, or null. */
  scope: readonly string[] | null;
  /** A checkpoint of an earlier page of the same read, or null. */
  resume: string | null;
  /** Aborts the read. */
  signal: AbortSignal | undefined;
}

/** How one unified model is read from one Harvest list endpoint. */
export interface HarvestModel {
  /** The Harvest resource (`/v3/{resource}`). */
  resource: string;
  /** Fixed query parameters of every request (e.g. `include_defaults=true`). */
  params?: Record<string, string>;
  /**
   * Prepares one read (fetching its lookups, e.g. department names) and returns the row mapper;
   * a row the mapper answers null for is skipped.
   */
  prepare(signal: AbortSignal | undefined): Promise<(row: HarvestRow) => RemoteRecord | null>;
}

/** A model's reader: reads, listings and confirmations of deletions. */
export interface ModelReader {
  /** Pages of mapped records; the checkpoint contract is `RecordPage`'s. */
  read(request: ReadRequest): AsyncGenerator<RecordPage>;
  /** Every vendor key a full read would return (or of `scope`), in pages. */
  listIds(scope: readonly string[] | null, signal: AbortSignal | undefined): AsyncGenerator<string[]>;
  /** Of `remoteIds`, those Harvest no longer lists. */
  confirmGone(remoteIds: readonly string[], signal: AbortSignal | undefined): Promise<string[]>;
}

/** Scope checkpoints: `scope:<index of the last chunk read>`. */
const SCOPE_CHECKPOINT = /^scope:(\d+)$/;

/**
 * A reader over one Harvest list endpoint:
 * - full and delta reads page the list by cursor (`per_page` from the settings; delta adds
 *   `updated_at=gte|since`); each page's checkpoint is its next link's cursor query, so a resumed
 *   read continues exactly after the committed page;
 * - scoped reads (created-only mode) ask for the scope's ids 50 at a time (`ids=`, with the delta
 *   filter when given); the checkpoint is the index of the last chunk read;
 * - listings use `fields=id` at 500 per page; confirmations ask for the candidates' ids (50 per
 *   call) and answer those not returned.
 * Keys that are not Harvest ids (not positive integers) cannot exist at Greenhouse: they are left
 * out of scoped reads and confirmed gone without a call.
 */
export function harvestReader(client: HarvestClient, model: HarvestModel, perPage: number): ModelReader {
  const fixed = model.params ?? {};
  const deltaParams = (since: Date | null): Record<string, string> =>
    since === null ? {} : { updated_at: sinceFilter(since) };

  async function* readScoped(request: ReadRequest, scope: readonly string[]): AsyncGenerator<RecordPage> {
    const map = await model.prepare(request.signal);
    const groups = chunks(
      scope.filter((id) => idKey(id) !== null),
      MAX_FILTER_IDS,
    );
    let first = 0;
    if (request.resume !== null) {
      const match = SCOPE_CHECKPOINT.exec(request.resume);
      if (!match)
        throw inputInvalid("read options", [
          { path: "resume", message: "not a checkpoint of a scoped Greenhouse read" },
        ]);
      first = Number(match[1]) + 1;
    }
    if (groups.length === 0 || first >= groups.length) {
      yield { records: [], checkpoint: null };
      return;
    }
    for (let index = first; index < groups.length; index++) {
      const records: RemoteRecord[] = [];
      const params = { ...fixed, ...deltaParams(request.since), ids: (groups[index] as string[]).join(",") };
      for await (const page of eachPage(client, {
        resource: model.resource,
        params,
        perPage: MAX_FILTER_IDS,
        resume: null,
        signal: request.signal,
      }))
        records.push(...mapRows(page.rows, map));
      yield { records, checkpoint: index === groups.length - 1 ? null : `scope:${index}` };
    }
  }

  return {
    async *read(request) {
      if (request.scope !== null) {
        yield* readScoped(request, request.scope);
        return;
      }
      const map = await model.prepare(request.signal);
      for await (const page of eachPage(client, {
        resource: model.resource,
        params: { ...fixed, ...deltaParams(request.since) },
        perPage,
        resume: request.resume,
        signal: request.signal,
      }))
        yield { records: mapRows(page.rows, map), checkpoint: page.checkpoint };
    },

    async *listIds(scope, signal) {
      if (scope !== null) {
        for (const group of chunks(
          scope.filter((id) => idKey(id) !== null),
          MAX_FILTER_IDS,
        )) {
          yield await presentIds(group, signal);
        }
        return;
      }
      for await (const page of eachPage(client, {
        resource: model.resource,
        params: { ...fixed, fields: "id" },
        perPage: MAX_PER_PAGE,
        resume: null,
        signal,
      }))
        yield rowIds(page.rows);
    },

    async confirmGone(remoteIds, signal) {
      const gone = remoteIds.filter((id) => idKey(id) === null);
      for (const group of chunks(
        remoteIds.filter((id) => idKey(id) !== null),
        MAX_FILTER_IDS,
      )) {
        const present = new Set(await presentIds(group, signal));
        gone.push(...group.filter((id) => !present.has(id)));
      }
      return gone;
    },
  };

  async function presentIds(group: readonly string[], signal: AbortSignal | undefined): Promise<string[]> {
    const ids: string[] = [];
    for await (const page of eachPage(client, {
      resource: model.resource,
      params: { ...fixed, fields: "id", ids: group.join(",") },
      perPage: group.length,
      resume: null,
      signal,
    }))
      ids.push(...rowIds(page.rows));
    return ids;
  }
}

function mapRows(rows: HarvestRow[], map: (row: HarvestRow) => RemoteRecord | null): RemoteRecord[] {
  const seen = new Set<string>();
  const records: RemoteRecord[] = [];
  for (const row of rows) {
    const record = map(row);
    if (record === null || seen.has(record.remote_id)) continue;
    seen.add(record.remote_id);
    records.push(record);
  }
  return records;
}

function rowIds(rows: HarvestRow[]): string[] {
  return rows.map((row) => idKey(row.id)).filter((id): id is string => id !== null);
}
