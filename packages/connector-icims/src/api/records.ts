import { AtsyncError } from "@atsync/core/connector";
import type { IcimsClient } from "../http/client.js";
import { type CallLimiter, mapPoolPrefix } from "./pool.js";

/** A profile type that can be read by id. */
export type ProfileType = "people" | "jobs" | "applicantworkflows";

/** An iCIMS record as JSON (lowercase keys, empty fields omitted). */
export type IcimsJson = Record<string, unknown>;

/** How records are fetched. */
export interface FetchOptions {
  /** Field ids to ask for (`fields=`); only these come back, and only when they have a value. */
  fields: readonly string[];
  /** Record GETs in flight at once. */
  concurrency: number;
  /** A limit shared with other fetches (the GETs then also wait for it); none by default. */
  limiter?: CallLimiter;
  /** Aborts the fetch. */
  signal?: AbortSignal | undefined;
  /**
   * Calls a fetched record needs before it is of use (iCIMS people: the workflow search that tells
   * whether a staff person is a candidate), made right after its GET in the same slot; a failure
   * stops the fetch before that record, as a failed GET does.
   */
  prepare?: (record: FetchedRecord) => Promise<void>;
}

/** A fetched record: its id and JSON. */
export interface FetchedRecord {
  /** The record's id. */
  id: string;
  /** Its JSON as iCIMS answered it. */
  json: IcimsJson;
}

/** What `fetchRecordPrefix` fetched: the records of the first ids, how many ids those were, and why it stopped. */
export interface FetchedPrefix {
  /** Records of `ids[0..through)` (ids that answered 404 left out). */
  records: FetchedRecord[];
  /** How many of the ids, from the first, were fetched (all of them when `error` is null). */
  through: number;
  /** The failure that stopped the fetch, or null. */
  error: unknown;
}

/**
 * GETs `/{type}/{id}?fields=…` for every id, with bounded concurrency, in the order given: one
 * call per id. Records that answer 404 (purged since the search, or hidden from the API user) are
 * left out; they are caught by the next deletion scan. A failure stops new calls; what the ids
 * before the first one not fetched returned is kept (a caller can commit it rather than pay for it
 * again).
 */
export async function fetchRecordPrefix(
  client: IcimsClient,
  type: ProfileType,
  ids: readonly string[],
  options: FetchOptions,
): Promise<FetchedPrefix> {
  const searchParams = { fields: options.fields.join(",") };
  const get = (id: string) =>
    client.getJson(`/${type}/${encodeURIComponent(id)}`, {
      searchParams,
      signal: options.signal,
      missingAsNull: true,
    });
  const { limiter, prepare } = options;
  const fetchOne = async (id: string): Promise<FetchedRecord | null> => {
    const json = await get(id);
    if (json === null) return null;
    if (typeof json !== "object" || Array.isArray(json)) {
      throw new AtsyncError(
        "REMOTE.UNKNOWN_HTTP_ERROR",
        `iCIMS answered ${type}/${id} with a non-object body`,
      );
    }
    const record = { id, json: json as IcimsJson };
    await prepare?.(record);
    return record;
  };
  const { results, error } = await mapPoolPrefix(ids, options.concurrency, (id) =>
    limiter ? limiter.run(() => fetchOne(id)) : fetchOne(id),
  );
  return {
    records: results.filter((r): r is FetchedRecord => r !== null),
    through: results.length,
    error,
  };
}

/** `fetchRecordPrefix` of every id, or its failure (nothing kept). */
export async function fetchRecords(
  client: IcimsClient,
  type: ProfileType,
  ids: readonly string[],
  options: FetchOptions,
): Promise<FetchedRecord[]> {
  const { records, error } = await fetchRecordPrefix(client, type, ids, options);
  if (error !== null) throw error;
  return records;
}
